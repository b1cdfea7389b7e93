import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { CheckboxGroupField, ErrorList, SchemaForm, TextAreaField, TextField, useSchemaForm } from "~/components/form";
import { applyToGroup, loadOwnApplication, updateApplication, withdrawApplication } from "~/models/application.server";
import { GroupError, loadProfileOptions, unitsBelongTo, type GroupErrorCode } from "~/models/group.server";
import { applicationActionSchema } from "~/schemas/group";
import { competenceKey } from "~/utils/breadth";
import { parseForm } from "~/utils/form.server";
import { formatCalendarDate, formatInstant } from "~/utils/format";
import { requireGroupAccess } from "~/utils/group-access.server";
import { resolveLocale } from "~/utils/locale.server";
import groupStyles from "../groups._index/groups.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: groupStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.call.name} · Planboard` : "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor, groupId, organisationId } = await requireGroupAccess(args);
  const [call, options, locale] = await Promise.all([
    loadOwnApplication(args.context.db, groupId, actor.id),
    loadProfileOptions(args.context.db, organisationId),
    resolveLocale(args.request),
  ]);
  if (!call) throw new Response("Not found", { status: 404 });
  return { call, options, locale };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = applicationActionSchema.options.map((option) => option.shape.intent.value);

type Notice = "applied" | "applicationSaved" | "withdrawn";

export interface ApplicationActionData {
  intent: string;
  result: SubmissionResult<string[]>;
  notice: Notice | null;
  error: GroupErrorCode | null;
}

const answer = (data: ApplicationActionData, status = 200) => Response.json(data, { status });

export async function action(args: ActionFunctionArgs) {
  const { actor, groupId, organisationId } = await requireGroupAccess(args);
  const { db } = args.context;
  const submission = await parseForm(args.request, applicationActionSchema, async (value, ctx) => {
    if (value.intent !== "withdraw" && !(await unitsBelongTo(db, organisationId, value.unitIds))) {
      ctx.addIssue({ code: "custom", path: ["unitIds"], message: "errors.choose" });
    }
  }, { reads: ["unitIds"] });
  const intent = String(submission.payload.intent ?? "");
  if (submission.status !== "success") return answer({ intent, result: submission.reply(), notice: null, error: null }, 400);
  const { value } = submission;
  try {
    let notice: Notice;
    switch (value.intent) {
      case "apply": {
        const { intent: _, ...input } = value;
        await applyToGroup(db, actor, groupId, input);
        notice = "applied";
        break;
      }
      case "update": {
        const { intent: _, ...input } = value;
        await updateApplication(db, actor, groupId, input);
        notice = "applicationSaved";
        break;
      }
      case "withdraw":
        await withdrawApplication(db, actor, groupId);
        notice = "withdrawn";
        break;
    }
    return answer({ intent, result: submission.reply(), notice, error: null });
  } catch (error) {
    if (!(error instanceof GroupError)) throw error;
    return answer(
      { intent, result: submission.reply({ formErrors: [`groups.errors.${error.code}`] }), notice: null, error: error.code },
      error.status
    );
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ApplicationPage() {
  const { call, options, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ApplicationActionData | undefined;
  const { t } = useTranslation();
  const application = call.application;
  const closesOn = call.applicationsCloseOn ? formatCalendarDate(call.applicationsCloseOn, locale) : "–";
  const editable = call.callOpen && (!application || application.status === "submitted" || application.status === "withdrawn");
  const mode = application?.status === "submitted" ? "update" : "apply";

  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/groups/${call.id}`}>{call.name}</Link>
      </p>
      <h1>{t("groups.application.title", { name: call.name })}</h1>
      <p role="status" className="success">
        {actionData?.notice ? t(`groups.notices.${actionData.notice}`) : null}
      </p>
      {actionData?.error && actionData.intent === "withdraw" ? (
        <p className="alert" role="alert">
          {t(`groups.errors.${actionData.error}`)}
        </p>
      ) : null}

      {call.recruitment !== "open_application" ? (
        <p className="notice-inline">{t("groups.application.invitedOnly")}</p>
      ) : (
        <>
          {application ? (
            <section className="panel notice" aria-labelledby="state-title">
              <h2 id="state-title">
                {t("groups.application.status")}: {t(`groups.application.states.${application.status}`)}
              </h2>
              <p>
                {application.status === "submitted"
                  ? call.callOpen
                    ? t("groups.application.stateText.submittedOpen", { date: closesOn })
                    : t("groups.application.stateText.submittedClosed")
                  : t(`groups.application.stateText.${application.status}`)}
              </p>
              <p className="hint">
                {t("groups.application.submittedAt")}: {formatInstant(application.submittedAt, locale)}
              </p>
            </section>
          ) : null}
          {!application && call.isMember ? <p className="notice-inline">{t("groups.application.isMember")}</p> : null}
          {!editable && !application && !call.isMember ? <p className="notice-inline">{t("groups.application.closed")}</p> : null}

          {call.applicationPrompt && editable && !call.isMember ? (
            <section aria-labelledby="prompt-title">
              <h2 id="prompt-title">{t("groups.application.prompt")}</h2>
              <p className="purpose-text">{call.applicationPrompt}</p>
            </section>
          ) : null}

          {editable && !call.isMember ? (
            <>
              {application?.status === "submitted" ? null : <p>{t("groups.application.intro", { date: closesOn })}</p>}
              <p className="hint">{t("groups.application.privacy")}</p>
              <ApplicationForm
                key={`${mode}-${application?.status ?? "new"}`}
                mode={mode}
                application={application}
                options={options}
                lastResult={actionData && actionData.intent === mode ? actionData.result : undefined}
              />
              {application?.status === "submitted" ? (
                <section className="panel" aria-labelledby="withdraw-title">
                  <h2 id="withdraw-title">{t("groups.application.withdrawTitle")}</h2>
                  <p className="hint">{t("groups.application.withdrawHint")}</p>
                  <Form method="post">
                    <button type="submit" name="intent" value="withdraw" className="danger">
                      {t("groups.application.withdraw")}
                    </button>
                  </Form>
                </section>
              ) : null}
            </>
          ) : application && application.status !== "withdrawn" ? (
            <ReadOnlyApplication application={application} options={options} />
          ) : null}
        </>
      )}
    </div>
  );
}

type OwnApplication = NonNullable<Loaded["call"]["application"]>;

function ApplicationForm({
  mode,
  application,
  options,
  lastResult,
}: {
  mode: "apply" | "update";
  application: OwnApplication | null;
  options: Loaded["options"];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const listed = new Set(options.competences.map((competence) => competenceKey(competence.name)));
  const saved = application?.competences ?? [];
  const [form, fields] = useSchemaForm({
    id: `application-${mode}`,
    schema: applicationActionSchema,
    lastResult,
    defaultValue: application
      ? {
          motivation: application.motivation,
          competences: options.competences
            .filter((competence) => saved.some((name) => competenceKey(name) === competenceKey(competence.name)))
            .map((competence) => competence.name),
          otherCompetences: saved.filter((name) => !listed.has(competenceKey(name))).join(", "),
          experienceYears: String(application.experienceYears),
          unitIds: application.unitIds,
        }
      : undefined,
  });

  return (
    <section className="panel" aria-labelledby="form-title">
      <h2 id="form-title">{mode === "apply" ? t("groups.application.formTitle") : t("groups.application.editTitle")}</h2>
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value={mode} />
        <TextAreaField field={fields.motivation} label={t("groups.application.motivation")} rows={7} />
        <CheckboxGroupField
          field={fields.competences}
          legend={t("groups.application.competences")}
          hint={t("groups.application.competencesHint")}
          choices={options.competences.map((competence) => ({ value: competence.name, label: competence.name }))}
          className="field choice-grid"
        />
        <TextField
          field={fields.otherCompetences}
          label={t("groups.application.otherCompetences")}
          hint={t("groups.application.otherCompetencesHint")}
          autoComplete="off"
        />
        <TextField field={fields.experienceYears} label={t("groups.application.experienceYears")} type="number" min={0} max={60} />
        <CheckboxGroupField
          field={fields.unitIds}
          legend={t("groups.application.units")}
          choices={options.units.map((unit) => ({ value: unit.id, label: unit.name }))}
          className="field choice-grid"
        />
        <button type="submit" className="primary">
          {mode === "apply" ? t("groups.application.submit") : t("groups.application.save")}
        </button>
      </SchemaForm>
    </section>
  );
}

function ReadOnlyApplication({ application, options }: { application: OwnApplication; options: Loaded["options"] }) {
  const { t } = useTranslation();
  const unitNames = new Map(options.units.map((unit) => [unit.id, unit.name]));
  return (
    <section className="panel" aria-labelledby="own-title">
      <h2 id="own-title">{t("groups.application.formTitle")}</h2>
      <dl className="facts stacked">
        <dt>{t("groups.application.motivation")}</dt>
        <dd className="purpose-text">{application.motivation}</dd>
        <dt>{t("groups.application.competences")}</dt>
        <dd>{application.competences.join(", ") || "–"}</dd>
        <dt>{t("groups.application.experienceYears")}</dt>
        <dd>{t("groups.application.years", { count: application.experienceYears })}</dd>
        <dt>{t("groups.application.units")}</dt>
        <dd>{application.unitIds.map((id) => unitNames.get(id) ?? "–").join(", ") || "–"}</dd>
      </dl>
    </section>
  );
}
