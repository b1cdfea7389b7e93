import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorList, SchemaForm, SelectField, TextField, useSchemaForm } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { IndicatorChart } from "~/components/indicator-chart";
import { IndicatorForm } from "~/components/indicator-form";
import {
  findIndicatorOwner,
  findIndicatorPeriod,
  importIndicatorCsv,
  IndicatorError,
  linkIndicator,
  loadIndicator,
  recordValue,
  unlinkIndicator,
  updateIndicator,
  type CsvProblem,
} from "~/models/indicator.server";
import { listUnits } from "~/models/person.server";
import { indicatorActionSchema, type IndicatorAction } from "~/schemas/indicator";
import { authorize, requireActor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { parseForm } from "~/utils/form.server";
import { comparePeriods, parsePeriod, periodOf } from "~/utils/indicator-input";
import { resolveLocale } from "~/utils/locale.server";
import { readParams } from "~/utils/params.server";
import { actsFor, can, type Actor } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.indicator.name} · Planboard` : "Planboard" }];

const paramsSchema = z.object({ indicatorId: z.uuid() });
const stockholmToday = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });

async function readableIndicator(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { indicatorId } = readParams(args.params, paramsSchema);
  const owner = await findIndicatorOwner(args.context.db, indicatorId);
  if (!owner) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: owner.organisationId, unitId: null });
  return { actor, indicatorId };
}

/** The organisation's active plans with their focus areas: what an indicator can be linked to. */
async function linkTargets(db: Db, organisationId: string) {
  const rows = await db
    .selectFrom("action_plans as p")
    .leftJoin("focus_areas as f", "f.plan_id", "p.id")
    .where("p.organisation_id", "=", organisationId)
    .where("p.archived_at", "is", null)
    .select(["p.id as planId", "p.title", "f.id as focusAreaId", "f.name as focusArea"])
    .orderBy("p.title")
    .orderBy("f.position")
    .execute();
  const plans = new Map<string, { id: string; title: string; focusAreas: Array<{ id: string; name: string }> }>();
  for (const row of rows) {
    const plan = plans.get(row.planId) ?? { id: row.planId, title: row.title, focusAreas: [] };
    if (row.focusAreaId && row.focusArea) plan.focusAreas.push({ id: row.focusAreaId, name: row.focusArea });
    plans.set(row.planId, plan);
  }
  return [...plans.values()];
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor, indicatorId } = await readableIndicator(args);
  const { db } = args.context;
  const defines = can(actor, "unit:manage", { organisationId: actor.organisationId, unitId: null });
  const [indicator, units, targets, locale] = await Promise.all([
    loadIndicator(db, indicatorId),
    listUnits(db, actor.organisationId),
    defines ? linkTargets(db, actor.organisationId) : Promise.resolve([]),
    resolveLocale(args.request),
  ]);
  if (!indicator) throw new Response("Not found", { status: 404 });
  const recordsFor = actor.role === "strategic_developer" ? units.filter((unit) => actsFor(actor, unit.id)) : [];
  return { indicator, recordsFor, targets, defines, locale, currentPeriod: periodOf(stockholmToday(), indicator.period) };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = indicatorActionSchema.options.map((option) => option.shape.intent.value);

interface ActionData {
  form: string;
  result: SubmissionResult<string[]>;
  notice: { key: "indicators.saved" | "indicators.linked" | "indicators.unlinked" | "indicators.recorded" | "indicators.uploaded"; count?: number } | null;
  problems: CsvProblem[] | null;
}

async function perform(db: Db, actor: Actor, indicator: { id: string; period: "month" | "quarter" }, value: IndicatorAction): Promise<ActionData["notice"] | CsvProblem[]> {
  switch (value.intent) {
    case "update":
      await updateIndicator(db, actor, indicator.id, value);
      return { key: "indicators.saved" };
    case "link": {
      const [kind, id] = value.target.split(":") as ["plan" | "focusArea", string];
      await linkIndicator(db, actor, indicator.id, kind === "plan" ? { planId: id } : { focusAreaId: id });
      return { key: "indicators.linked" };
    }
    case "unlink":
      await unlinkIndicator(db, actor, indicator.id, value.linkId);
      return { key: "indicators.unlinked" };
    case "record": {
      const period = parsePeriod(value.period, indicator.period, stockholmToday());
      if (!period.ok) throw new Error("the form's check lets no other period through");
      await recordValue(db, actor, indicator.id, { unitId: value.unitId, period: period.period, value: value.value });
      return { key: "indicators.recorded" };
    }
    case "upload": {
      const outcome = await importIndicatorCsv(db, actor, indicator, await value.file.text(), stockholmToday());
      return outcome.ok ? { key: "indicators.uploaded", count: outcome.written } : outcome.problems;
    }
  }
}

export async function action(args: ActionFunctionArgs) {
  const { actor, indicatorId } = await readableIndicator(args);
  const { db } = args.context;
  const period = await findIndicatorPeriod(db, indicatorId);
  if (!period) throw new Response("Not found", { status: 404 });
  const indicator = { id: indicatorId, period };
  const today = stockholmToday();
  // Defining and linking are for the organisation's strategic developers; values for a unit's (checked per unit by the model).
  authorize(actor, "unit:manage", { organisationId: actor.organisationId, unitId: null });
  const submission = await parseForm(args.request, indicatorActionSchema, (value, ctx) => {
    if (value.intent !== "record") return;
    const period = parsePeriod(value.period, indicator.period, today);
    if (!period.ok) ctx.addIssue({ code: "custom", path: ["period"], message: `indicators.errors.period.${period.problem}` });
  }, { reads: ["period"] });
  const intent = String(submission.payload.intent);
  const answer = (data: ActionData, status = 200) => Response.json(data, { status });
  if (submission.status !== "success") return answer({ form: intent, result: submission.reply(), notice: null, problems: null }, 400);
  try {
    const outcome = await perform(db, actor, indicator, submission.value);
    if (Array.isArray(outcome)) return answer({ form: intent, result: submission.reply(), notice: null, problems: outcome }, 400);
    return answer({ form: intent, result: submission.reply({ resetForm: intent === "record" || intent === "upload" }), notice: outcome, problems: null });
  } catch (error) {
    if (!(error instanceof IndicatorError)) throw error;
    if (error.code === "not-found" || error.code === "forbidden") throw new Response(error.code, { status: error.status });
    const field = error.code === "unit-invalid" ? "unitId" : error.code === "link-invalid" ? "target" : "period";
    return answer({ form: intent, result: submission.reply({ fieldErrors: { [field]: [`indicators.errors.${error.code}`] } }), notice: null, problems: null }, error.status);
  }
}

export default function IndicatorPage() {
  const { indicator, recordsFor, targets, defines, locale, currentPeriod } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const resultOf = (form: string) => (actionData?.form === form ? actionData.result : undefined);
  const units = new Map<string, { id: string; name: string; values: Record<string, number> }>();
  for (const value of indicator.values) {
    const unit = units.get(value.unitId) ?? { id: value.unitId, name: value.unitName, values: {} };
    unit.values[value.period] = value.value;
    units.set(value.unitId, unit);
  }
  const series = {
    ...indicator,
    periods: [...new Set(indicator.values.map((value) => value.period))].sort(comparePeriods),
    units: [...units.values()],
    milestones: {},
  };

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/indicators">{t("indicators.title")}</Link>
      </p>
      <h1>{indicator.name}</h1>
      <p className="lead">
        {t(`indicators.periods.${indicator.period}`)} · {indicator.higherIsBetter ? t("indicators.higherIsBetter") : t("indicators.lowerIsBetter")}
        {indicator.unitOfMeasure ? ` · ${indicator.unitOfMeasure}` : null}
      </p>
      <p role="status" className="success">
        {actionData?.notice ? t(actionData.notice.key, { count: actionData.notice.count ?? 0 }) : null}
      </p>
      <IndicatorChart series={series} locale={locale} />

      <section aria-labelledby="links-heading" className="panel">
        <h2 id="links-heading">{t("indicators.linkedTo")}</h2>
        {indicator.links.length === 0 ? <p>{t("indicators.noLinks")}</p> : null}
        <ul>
          {indicator.links.map((link) => (
            <li key={link.id}>
              <Link to={`/plans/${link.planId}/indicators`}>{link.focusArea ? `${link.focusArea} (${link.title})` : link.title}</Link>
              {defines ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="linkId" value={link.id} />
                  <button type="submit" name="intent" value="unlink">
                    {t("indicators.unlink")}
                    <span className="visually-hidden"> {link.focusArea ?? link.title}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {defines ? <LinkForm targets={targets} lastResult={resultOf("link")} /> : null}
      </section>

      {recordsFor.length > 0 ? (
        <>
          <RecordForm units={recordsFor} currentPeriod={currentPeriod} period={indicator.period} lastResult={resultOf("record")} />
          <UploadForm lastResult={resultOf("upload")} problems={actionData?.form === "upload" ? actionData.problems : null} />
        </>
      ) : null}

      {defines ? (
        <section aria-labelledby="edit-indicator-heading" className="panel">
          <h2 id="edit-indicator-heading">{t("indicators.editTitle")}</h2>
          <IndicatorForm id="update-indicator" intent="update" current={indicator} lastResult={resultOf("update")} submitLabel={t("indicators.save")} />
        </section>
      ) : null}
    </div>
  );
}

function LinkForm({ targets, lastResult }: { targets: Array<{ id: string; title: string; focusAreas: Array<{ id: string; name: string }> }>; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({ id: "link-indicator", schema: indicatorActionSchema, lastResult });
  return (
    <SchemaForm form={form} className="stack">
      <SelectField field={fields.target} label={t("indicators.linkTo")}>
        <option value="">{t("indicators.chooseTarget")}</option>
        {targets.map((plan) => (
          <optgroup key={plan.id} label={plan.title}>
            <option value={`plan:${plan.id}`}>{t("indicators.wholePlan", { title: plan.title })}</option>
            {plan.focusAreas.map((area) => (
              <option key={area.id} value={`focusArea:${area.id}`}>
                {area.name}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <button type="submit" name="intent" value="link">
        {t("indicators.link")}
      </button>
    </SchemaForm>
  );
}

function RecordForm({ units, currentPeriod, period, lastResult }: { units: Array<{ id: string; name: string }>; currentPeriod: string; period: "month" | "quarter"; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({ id: "record-value", schema: indicatorActionSchema, lastResult, defaultValue: { unitId: units[0]?.id, period: currentPeriod } });
  return (
    <section aria-labelledby="record-heading" className="panel">
      <h2 id="record-heading">{t("indicators.recordTitle")}</h2>
      <SchemaForm form={form} className="stack">
        <SelectField field={fields.unitId} label={t("indicators.unit")}>
          {units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unit.name}
            </option>
          ))}
        </SelectField>
        <TextField field={fields.period} label={t("indicators.period")} hint={t(`indicators.periodHint.${period}`, { example: currentPeriod })} autoComplete="off" />
        <TextField field={fields.value} label={t("indicators.value")} hint={t("indicators.valueHint")} autoComplete="off" />
        <button type="submit" name="intent" value="record" className="primary">
          {t("indicators.record")}
        </button>
      </SchemaForm>
    </section>
  );
}

function UploadForm({ lastResult, problems }: { lastResult?: SubmissionResult<string[]>; problems: CsvProblem[] | null }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({ id: "upload-values", schema: indicatorActionSchema, lastResult });
  return (
    <section aria-labelledby="upload-heading" className="panel">
      <h2 id="upload-heading">{t("indicators.uploadTitle")}</h2>
      <p>{t("indicators.uploadIntro")}</p>
      <pre className="csv-example">{"enhet;period;värde\nStadsdel Norr;2026-10;12,5\nStadsdel Norr;2026-11;1 234,5"}</pre>
      {problems ? <CsvProblems problems={problems} /> : null}
      <SchemaForm form={form} className="stack" encType="multipart/form-data">
        <label className="field" htmlFor={fields.file.id}>
          <span>{t("indicators.file")}</span>
          <input type="file" id={fields.file.id} name={fields.file.name} accept=".csv,text/csv,text/plain" aria-describedby={fields.file.errors ? fields.file.errorId : undefined} />
        </label>
        <ErrorList id={fields.file.errorId} errors={fields.file.errors} />
        <button type="submit" name="intent" value="upload">
          {t("indicators.upload")}
        </button>
      </SchemaForm>
    </section>
  );
}

function CsvProblems({ problems }: { problems: CsvProblem[] }) {
  const { t } = useTranslation();
  const message = (problem: CsvProblem) => {
    switch (problem.kind) {
      case "cell":
        return t("indicators.csv.cell", { line: problem.line, column: problem.column, header: problem.header, problem: t(`indicators.csv.problems.${problem.problem}`) });
      case "columns":
        return t("indicators.csv.columns", { found: problem.found.join(", ") });
      case "tooMany":
        return t("indicators.csv.tooMany", { max: problem.max });
      default:
        return t(`indicators.csv.${problem.kind}`);
    }
  };
  return (
    <div role="alert" className="error-summary">
      <p>{t("indicators.csv.nothingWritten")}</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>{message(problem)}</li>
        ))}
      </ul>
    </div>
  );
}
