import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmedSubmit } from "~/components/confirmed-submit";
import { ErrorList } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { z } from "zod";
import {
  addMember,
  endGroup,
  extendGroup,
  GroupError,
  isBeforeToday,
  listInvitable,
  loadGroup,
  removeMember,
  updateGroup,
  type GroupErrorCode,
} from "~/models/group.server";
import { groupActionSchema } from "~/schemas/group";
import { authorize } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { parseForm } from "~/utils/form.server";
import { formatCalendarDate, formatInstant } from "~/utils/format";
import { requireGroupAccess } from "~/utils/group-access.server";
import { resolveLocale } from "~/utils/locale.server";
import { can, type Actor } from "~/utils/permissions";
import { Period, StatusBadge } from "../groups._index/group-parts";
import groupStyles from "../groups._index/groups.css";
import { AddMember, EditGroup, ExtendGroup } from "./manage-forms";
import { Call, CarriedAssignments, Members } from "./sections";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: groupStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} · Planboard` : "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor, groupId, organisationId } = await requireGroupAccess(args);
  const manages = can(actor, "group:manage", { organisationId, unitId: null });
  const [group, invitable, locale] = await Promise.all([
    loadGroup(args.context.db, groupId, { id: actor.id, manages }),
    manages ? listInvitable(args.context.db, organisationId, groupId) : Promise.resolve([]),
    resolveLocale(args.request),
  ]);
  if (!group) throw new Response("Not found", { status: 404 });
  return { group, invitable, manages, locale };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = groupActionSchema.options.map((option) => option.shape.intent.value);

interface Notice {
  key: "saved" | "extended" | "ended" | "memberAdded" | "memberRemoved";
  values?: Record<string, string>;
}

export interface GroupActionData {
  intent: string;
  result: SubmissionResult<string[]>;
  notice: Notice | null;
  error: GroupErrorCode | null;
}

async function perform(db: Db, actor: Actor, groupId: string, value: z.infer<typeof groupActionSchema>): Promise<Notice> {
  const personName = async (personId: string) =>
    (await db.selectFrom("people").where("id", "=", personId).select("name").executeTakeFirst())?.name ?? "";
  switch (value.intent) {
    case "update": {
      const { intent: _, ...fields } = value;
      await updateGroup(db, actor, groupId, fields);
      return { key: "saved" };
    }
    case "extend":
      await extendGroup(db, actor, groupId, value.endsOn);
      return { key: "extended", values: { date: value.endsOn } };
    case "end":
      await endGroup(db, actor, groupId);
      return { key: "ended" };
    case "add-member":
      await addMember(db, actor, groupId, value.personId, value.role);
      return { key: "memberAdded", values: { name: await personName(value.personId) } };
    case "remove-member": {
      const name = await personName(value.personId);
      await removeMember(db, actor, groupId, value.personId);
      return { key: "memberRemoved", values: { name } };
    }
  }
}

const answer = (data: GroupActionData, status = 200) => Response.json(data, { status });

export async function action(args: ActionFunctionArgs) {
  const { actor, groupId, organisationId } = await requireGroupAccess(args);
  authorize(actor, "group:manage", { organisationId, unitId: null });
  const { db } = args.context;
  const submission = await parseForm(args.request, groupActionSchema, async (value, ctx) => {
    if (value.intent === "update" && value.recruitment === "open_application" && value.applicationsCloseOn) {
      const current = await db
        .selectFrom("working_groups")
        .where("id", "=", groupId)
        .select("applications_close_on")
        .executeTakeFirst();
      if (
        value.applicationsCloseOn !== current?.applications_close_on &&
        (await isBeforeToday(db, value.applicationsCloseOn))
      ) {
        ctx.addIssue({ code: "custom", path: ["applicationsCloseOn"], message: "groups.errors.closeInPast" });
      }
    }
  }, { reads: ["recruitment", "applicationsCloseOn"] });
  const intent = String(submission.payload.intent ?? "");
  if (submission.status !== "success") return answer({ intent, result: submission.reply(), notice: null, error: null }, 400);
  try {
    const notice = await perform(db, actor, groupId, submission.value);
    return answer({ intent, result: submission.reply({ resetForm: intent !== "update" }), notice, error: null });
  } catch (error) {
    if (!(error instanceof GroupError)) throw error;
    const message = `groups.errors.${error.code}`;
    const result =
      error.code === "extend-earlier"
        ? submission.reply({ fieldErrors: { endsOn: [message] } })
        : error.code === "invalid-person" || error.code === "already-member"
        ? submission.reply({ fieldErrors: { personId: [message] } })
        : submission.reply({ formErrors: [message] });
    return answer({ intent, result, notice: null, error: error.code }, error.status);
  }
}

export type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
export type Group = Loaded["group"];

export default function GroupPage() {
  const { group, invitable, manages, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as GroupActionData | undefined;
  const { t } = useTranslation();
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const notice = actionData?.notice;
  // Refusals of the buttons without a form of their own; the forms show theirs in place.
  const refusal =
    actionData?.error && (actionData.intent === "end" || actionData.intent === "remove-member") ? actionData.error : null;
  const editable = manages && !group.endedAt;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/groups">{t("groups.title")}</Link>
      </p>
      <h1>{group.name}</h1>
      <p className="group-head">
        <StatusBadge status={group.status} />
        <span className="muted">
          <Period from={group.startsOn} to={group.endsOn} locale={locale} />
        </span>
      </p>
      <p role="status" className="success">
        {notice
          ? t(`groups.notices.${notice.key}`, {
              ...notice.values,
              ...(notice.values?.date ? { date: formatCalendarDate(notice.values.date, locale) } : {}),
            })
          : null}
      </p>
      {refusal ? (
        <p className="alert" role="alert">
          {t(`groups.errors.${refusal}`)}
        </p>
      ) : null}
      <ErrorList errors={resultFor("end")?.error?.confirm} />
      {group.status === "ended" ? <p className="notice-inline">{t("groups.detail.endedNote")}</p> : null}
      {group.status === "upcoming" ? (
        <p className="notice-inline">{t("groups.detail.upcomingNote", { date: formatCalendarDate(group.startsOn, locale) })}</p>
      ) : null}

      <div className="group-layout">
        <div>
          <dl className="facts">
            <dt>{t("groups.detail.period")}</dt>
            <dd>
              <Period from={group.startsOn} to={group.endsOn} locale={locale} />
              {group.endedAt ? ` · ${t("groups.detail.endedAt", { date: formatInstant(group.endedAt, locale) })}` : null}
            </dd>
            <dt>{t("groups.detail.recruitment")}</dt>
            <dd>{t(`groups.recruitment.${group.recruitment}`)}</dd>
            {group.createdByName ? (
              <>
                <dt>{t("groups.detail.createdBy")}</dt>
                <dd>{group.createdByName}</dd>
              </>
            ) : null}
          </dl>
          <section aria-labelledby="purpose-title">
            <h2 id="purpose-title">{t("groups.detail.purpose")}</h2>
            <p className="purpose-text">{group.purpose || "–"}</p>
          </section>
          <Members group={group} editable={editable} locale={locale} />
          <CarriedAssignments group={group} />
        </div>
        <div>
          {group.recruitment === "open_application" ? <Call group={group} manages={manages} locale={locale} /> : null}
          {editable ? (
            <>
              <AddMember groupId={group.id} invitable={invitable} lastResult={resultFor("add-member")} />
              <ExtendGroup group={group} locale={locale} lastResult={resultFor("extend")} />
              <EditGroup group={group} lastResult={resultFor("update")} />
              <section className="panel" aria-labelledby="end-title">
                <h2 id="end-title">{t("groups.manage.endTitle")}</h2>
                <p className="hint">{t("groups.manage.endHint")}</p>
                <Form method="post">
                  <ConfirmedSubmit
                    name="intent"
                    value="end"
                    label={t("groups.manage.end")}
                    question={t("confirm.endGroup.question", { name: group.name })}
                    consequence={t("confirm.endGroup.consequence")}
                    confirmLabel={t("confirm.endGroup.yes")}
                  />
                </Form>
              </section>
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
