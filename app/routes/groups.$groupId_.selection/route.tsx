import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { ConfirmedSubmit } from "~/components/confirmed-submit";
import { useTranslation } from "~/components/i18n";
import { ErrorList } from "~/components/form";
import { confirmSelection, loadSelection } from "~/models/application.server";
import { GroupError, loadProfileOptions, type GroupErrorCode } from "~/models/group.server";
import { confirmSelectionSchema } from "~/schemas/group";
import { breadthOf, suggestSelection } from "~/utils/breadth";
import { parseForm } from "~/utils/form.server";
import { formatCalendarDate, formatInstant } from "~/utils/format";
import { requireGroupAccess } from "~/utils/group-access.server";
import { resolveLocale } from "~/utils/locale.server";
import groupStyles from "../groups._index/groups.css";
import { BreadthPanel, type Universe } from "./breadth-panel";
import { ApplicantTable } from "./applicant-table";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: groupStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} · Planboard` : "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const { groupId, organisationId } = await requireGroupAccess(args, "group:manage");
  const [selection, options, locale] = await Promise.all([
    loadSelection(args.context.db, groupId),
    loadProfileOptions(args.context.db, organisationId),
    resolveLocale(args.request),
  ]);
  if (!selection) throw new Response("Not found", { status: 404 });
  const { applications, ...group } = selection;
  // Withdrawn applications are the applicant's to take back: they are not shown at all.
  const applicants = applications.filter((application) => application.status !== "withdrawn");
  const open = applicants.filter((application) => application.status === "submitted");
  const suggest = new URL(args.request.url).searchParams.get("suggest") === "1";
  const suggestion = suggest && !group.callDecided && !group.over ? suggestSelection(open, group.seats ?? 0) : null;
  const universe: Universe = {
    competences: options.competences.map((competence) => competence.name),
    units: options.units.map((unit) => ({ id: unit.id, name: unit.name })),
  };
  return { group, applicants, withdrawnCount: applications.length - applicants.length, universe, suggestion, locale };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [confirmSelectionSchema.shape.intent.value];

export interface SelectionActionData {
  result: SubmissionResult<string[]>;
  confirmed: { selected: number; declined: number } | null;
  error: GroupErrorCode | null;
}

const answer = (data: SelectionActionData, status = 200) => Response.json(data, { status });

export async function action(args: ActionFunctionArgs) {
  const { actor, groupId } = await requireGroupAccess(args, "group:manage");
  const submission = await parseForm(args.request, confirmSelectionSchema);
  if (submission.status !== "success") return answer({ result: submission.reply(), confirmed: null, error: null }, 400);
  try {
    const confirmed = await confirmSelection(args.context.db, actor, groupId, submission.value.applicationIds);
    return answer({ result: submission.reply(), confirmed, error: null });
  } catch (error) {
    if (!(error instanceof GroupError)) throw error;
    return answer(
      { result: submission.reply({ formErrors: [`groups.errors.${error.code}`] }), confirmed: null, error: error.code },
      error.status
    );
  }
}

export type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SelectionPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SelectionActionData | undefined;
  const { t } = useTranslation();
  const { group, locale } = data;
  const decided = group.callDecided;

  return (
    <div className="page selection-page">
      <p className="breadcrumb">
        <Link to={`/groups/${group.id}`}>{group.name}</Link>
      </p>
      <h1>{t("groups.selection.title", { name: group.name })}</h1>
      <p role="status" className="success">
        {actionData?.confirmed ? t("groups.notices.confirmed", actionData.confirmed) : null}
      </p>
      {group.recruitment !== "open_application" ? (
        <p className="notice-inline">{t("groups.selection.notOpenCall")}</p>
      ) : decided ? (
        <Decided data={data} />
      ) : (
        <>
          <p className="lead">{t("groups.selection.intro", { count: group.seats ?? 0 })}</p>
          <p className="hint">{t("groups.selection.privacy")}</p>
          {group.beforeClosing && group.applicationsCloseOn ? (
            <p className="notice-inline">
              {t("groups.selection.stillOpen", { date: formatCalendarDate(group.applicationsCloseOn, locale) })}
            </p>
          ) : null}
          {group.over ? <p className="notice-inline">{t("groups.errors.group-ended")}</p> : null}
          <Chooser key={data.suggestion?.join() ?? "own"} data={data} lastResult={actionData?.result} />
        </>
      )}
    </div>
  );
}

function Chooser({ data, lastResult }: { data: Loaded; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const { group, applicants, universe, suggestion, withdrawnCount, locale } = data;
  const open = useMemo(() => applicants.filter((applicant) => applicant.status === "submitted"), [applicants]);
  const submitted = lastResult?.initialValue?.applicationIds;
  const [chosen, setChosen] = useState<Set<string>>(
    () =>
      new Set(suggestion ?? (Array.isArray(submitted) ? submitted.map(String) : typeof submitted === "string" ? [submitted] : []))
  );
  const breadth = useMemo(
    () => breadthOf(open, chosen, { competences: universe.competences, unitIds: universe.units.map((unit) => unit.id) }),
    [open, chosen, universe]
  );
  const seats = group.seats ?? 0;
  const over = chosen.size > seats;
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const serverErrors = lastResult?.error?.[""] ?? lastResult?.error?.applicationIds ?? lastResult?.error?.confirm ?? undefined;
  // While too many are ticked the page already says so; the server's refusal would repeat it.
  const formErrors = over ? serverErrors?.filter((error) => error !== "groups.errors.too-many") : serverErrors;
  const showingSuggestion = suggestion !== null && suggestion.length === chosen.size && suggestion.every((id) => chosen.has(id));

  if (open.length === 0) return <p>{t("groups.selection.noApplicants")}</p>;

  return (
    <>
      <section className="panel" aria-labelledby="suggest-title">
        <h2 id="suggest-title">{t("groups.selection.suggest")}</h2>
        <p>{t("groups.selection.suggestExplained")}</p>
        <Form method="get" replace preventScrollReset>
          <input type="hidden" name="suggest" value="1" />
          <button type="submit" className="primary" disabled={group.over}>
            {t("groups.selection.suggest")}
          </button>
        </Form>
        <p className="success" role="status">
          {showingSuggestion ? t("groups.selection.suggested", { count: suggestion.length }) : null}
        </p>
      </section>

      <Form method="post" className="selection-layout" id="confirm-selection">
        <input type="hidden" name="intent" value="confirm" />
        <div>
          <h2>
            {t("groups.selection.applicants")} <span className="muted">({open.length})</span>
          </h2>
          {withdrawnCount > 0 ? <p className="hint">{t("groups.selection.withdrawn", { count: withdrawnCount })}</p> : null}
          <ApplicantTable applicants={open} chosen={chosen} onToggle={toggle} universe={universe} locale={locale} />
        </div>
        <div className="selection-side">
          <section className="panel" aria-labelledby="current-title">
            <h2 id="current-title">{t("groups.selection.currentSelection")}</h2>
            <p className={over ? "seat-count over" : "seat-count"} role="status">
              {t("groups.selection.chosen", { chosen: chosen.size, seats })}
            </p>
            {over ? <p className="alert">{t("groups.selection.overSeats")}</p> : null}
            <ul className="tags covered" aria-label={t("groups.selection.currentSelection")}>
              {open
                .filter((applicant) => chosen.has(applicant.id))
                .map((applicant) => (
                  <li key={applicant.id}>{applicant.name}</li>
                ))}
            </ul>
            <ErrorList errors={formErrors} />
            <p className="hint">{t("groups.selection.confirmHint")}</p>
            {group.over ? (
              <button type="submit" className="primary" disabled>
                {t("groups.selection.confirm")}
              </button>
            ) : (
              <ConfirmedSubmit
                className="primary"
                label={t("groups.selection.confirm")}
                question={t("confirm.confirmSelection.question")}
                consequence={t("confirm.confirmSelection.consequence")}
                confirmLabel={t("confirm.confirmSelection.yes")}
              />
            )}
          </section>
          <BreadthPanel breadth={breadth} universe={universe} />
        </div>
      </Form>
    </>
  );
}

function Decided({ data }: { data: Loaded }) {
  const { t } = useTranslation();
  const { applicants, universe, locale } = data;
  const selected = applicants.filter((applicant) => applicant.status === "selected");
  const declined = applicants.filter((applicant) => applicant.status === "declined");
  const decision = selected[0] ?? declined[0];
  const breadth = breadthOf(
    applicants,
    selected.map((applicant) => applicant.id),
    { competences: universe.competences, unitIds: universe.units.map((unit) => unit.id) }
  );
  return (
    <div className="selection-layout">
      <div>
        <section className="panel" aria-labelledby="decided-title">
          <h2 id="decided-title">{t("groups.selection.decidedTitle")}</h2>
          {decision?.decidedAt ? (
            <p>
              {t("groups.selection.decidedBy", {
                date: formatInstant(decision.decidedAt, locale),
                name: decision.decidedByName ?? "–",
              })}
            </p>
          ) : null}
          <h3>
            {t("groups.selection.selected")} ({selected.length})
          </h3>
          <ul>
            {selected.map((applicant) => (
              <li key={applicant.id}>{applicant.name}</li>
            ))}
          </ul>
          <h3>
            {t("groups.selection.declined")} ({declined.length})
          </h3>
          <ul>
            {declined.map((applicant) => (
              <li key={applicant.id}>{applicant.name}</li>
            ))}
          </ul>
        </section>
      </div>
      <div className="selection-side">
        <BreadthPanel breadth={breadth} universe={universe} />
      </div>
    </div>
  );
}
