import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { cumulativeFlow, leadAndCycleTimes, timeInColumnDistribution } from "~/models/flow.server";
import { flowQuerySchema } from "~/schemas/flow";
import { intlLocale, type Locale } from "~/utils/i18n";
import { resolveLocale } from "~/utils/locale.server";
import { ErrorList } from "~/components/form";
import { readQueryForm } from "~/utils/params.server";
import { requireReadablePlan } from "~/utils/plan-access.server";
import { BarChart, CumulativeFlowChart } from "./charts";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const DEFAULT_DAYS = 90;
const isoDay = (date: Date) => new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(date);

export async function loader(args: LoaderFunctionArgs) {
  const { plan } = await requireReadablePlan(args);
  const query = readQueryForm(args.request, flowQuerySchema);
  const locale = await resolveLocale(args.request);
  const page = { plan: { id: plan.id, title: plan.title }, locale };
  // A period that does not pass is answered with the form, its values and the reasons beside the fields.
  const refuse = (errors: Record<string, string[]>) => json({ ...page, values: query.values, errors, report: null }, { status: 400 });
  if (!query.value) return refuse(query.errors);
  const now = new Date();
  const to = query.value.to ?? isoDay(now);
  const from = query.value.from ?? isoDay(new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * 86_400_000));
  // Only one end given can still put the start after the end (a start after today).
  if (from > to) return refuse({ [query.value.from ? "from" : "to"]: ["errors.periodReversed"] });
  const period = { from, to };
  const { db } = args.context;
  const [flow, times, distribution, columns] = await Promise.all([
    cumulativeFlow(db, plan.id, period, now),
    leadAndCycleTimes(db, plan.id, period),
    timeInColumnDistribution(db, plan.id, period, now),
    db.selectFrom("board_columns").where("plan_id", "=", plan.id).select(["id", "name"]).orderBy("position").execute(),
  ]);
  return json({ ...page, values: period as Record<string, string>, errors: null, report: { period, flow, times, distribution, columns } });
}

export default function Flow() {
  const { plan, values, errors, report, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const invalid = (field: string) => (errors?.[field]?.length ? { "aria-invalid": true, "aria-describedby": `flow-${field}-error` } : {});

  return (
    <div className="page flow-page">
      <p className="breadcrumb">
        <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
      </p>
      <h1>{t("flow.title", { plan: plan.title })}</h1>
      <Form method="get" className="filter-form" aria-label={t("flow.period")}>
        <ErrorList errors={errors?.[""]} />
        <div className="field">
          <label htmlFor="flow-from">{t("activity.from")}</label>
          <input id="flow-from" type="date" name="from" defaultValue={values.from} {...invalid("from")} />
          <ErrorList id="flow-from-error" errors={errors?.from} />
        </div>
        <div className="field">
          <label htmlFor="flow-to">{t("activity.to")}</label>
          <input id="flow-to" type="date" name="to" defaultValue={values.to} {...invalid("to")} />
          <ErrorList id="flow-to-error" errors={errors?.to} />
        </div>
        <button type="submit">{t("summary.show")}</button>
      </Form>
      {report ? <FlowReport planId={plan.id} report={report} locale={locale} /> : null}
    </div>
  );
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

function FlowReport({ planId, report, locale }: { planId: string; report: Report; locale: Locale }) {
  const { period, flow, times, distribution, columns } = report;
  const { t } = useTranslation();
  const days = new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const formatDays = (value: number | null) => (value === null ? "–" : t("flow.days", { value: days.format(value) }));

  // Columns that no longer exist keep their key (their last name) in history.
  const known = new Set(columns.map((column) => column.id));
  const removed = [...new Set([...flow.map((row) => row.columnKey), ...distribution.map((row) => row.columnKey)])].filter((key) => !known.has(key));
  const series = [...columns.map((column) => ({ key: column.id, name: column.name })), ...removed.map((key) => ({ key, name: key }))];
  const nameOf = (key: string) => series.find((s) => s.key === key)?.name ?? key;
  const dayList: string[] = [];
  for (let day = Date.parse(period.from); day <= Date.parse(period.to); day += 86_400_000) dayList.push(new Date(day).toISOString().slice(0, 10));
  const counts = new Map<string, Map<string, number>>();
  for (const row of flow) {
    if (!counts.has(row.day)) counts.set(row.day, new Map());
    counts.get(row.day)!.set(row.columnKey, row.count);
  }
  const orderedDistribution = series.flatMap((s) => distribution.filter((row) => row.columnKey === s.key));

  return (
    <>
      <section aria-labelledby="cfd-title">
        <h2 id="cfd-title">{t("flow.cfdTitle")}</h2>
        <p className="hint">{t("flow.cfdHint")}</p>
        <CumulativeFlowChart days={dayList} series={series} counts={counts} title={t("flow.cfdTitle")} />
      </section>

      <section aria-labelledby="lead-title">
        <h2 id="lead-title">{t("flow.leadTitle")}</h2>
        <p className="hint">{t("flow.leadHint")}</p>
        <dl className="stats">
          <div>
            <dt>{t("flow.leadMedian")}</dt>
            <dd>{formatDays(times.lead.median)}</dd>
          </div>
          <div>
            <dt>{t("flow.leadP85")}</dt>
            <dd>{formatDays(times.lead.p85)}</dd>
          </div>
          <div>
            <dt>{t("flow.cycleMedian")}</dt>
            <dd>{formatDays(times.cycle.median)}</dd>
          </div>
          <div>
            <dt>{t("flow.cycleP85")}</dt>
            <dd>{formatDays(times.cycle.p85)}</dd>
          </div>
        </dl>
        {times.cards.length === 0 ? (
          <p>{t("flow.noneFinished")}</p>
        ) : (
          <>
            <BarChart
              title={t("flow.leadTitle")}
              valueNames={[t("flow.lead"), t("flow.cycle")]}
              bars={times.cards.map((card) => ({ key: card.assignmentId, label: card.title, values: [card.leadDays, card.cycleDays ?? 0] }))}
              format={(value) => days.format(value)}
            />
            <table className="data-table">
              <caption className="visually-hidden">{t("flow.leadTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("assignment.title")}</th>
                  <th scope="col" className="numeric">{t("flow.lead")}</th>
                  <th scope="col" className="numeric">{t("flow.cycle")}</th>
                </tr>
              </thead>
              <tbody>
                {times.cards.map((card) => (
                  <tr key={card.assignmentId}>
                    <th scope="row">
                      <Link to={`/plans/${planId}/assignments/${card.assignmentId}`}>{card.title}</Link>
                    </th>
                    <td className="numeric">{formatDays(card.leadDays)}</td>
                    <td className="numeric">{formatDays(card.cycleDays)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-labelledby="distribution-title">
        <h2 id="distribution-title">{t("flow.distributionTitle")}</h2>
        <p className="hint">{t("flow.distributionHint")}</p>
        <BarChart
          title={t("flow.distributionTitle")}
          valueNames={[t("flow.median"), t("flow.p85")]}
          bars={orderedDistribution.map((row) => ({ key: row.columnKey, label: nameOf(row.columnKey), values: [row.median, row.p85] }))}
          format={(value) => days.format(value)}
        />
        <table
          className="data-table"
          // It scrolls sideways on a phone (styles.css); with no link in it, it takes focus so the keyboard can scroll it.
          tabIndex={0}
        >
          <caption className="visually-hidden">{t("flow.distributionTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("assignment.column")}</th>
              <th scope="col" className="numeric">{t("flow.cards")}</th>
              <th scope="col" className="numeric">{t("flow.median")}</th>
              <th scope="col" className="numeric">{t("flow.p85")}</th>
              <th scope="col" className="numeric">{t("flow.longest")}</th>
            </tr>
          </thead>
          <tbody>
            {orderedDistribution.map((row) => (
              <tr key={row.columnKey}>
                <th scope="row">{nameOf(row.columnKey)}</th>
                <td className="numeric">{row.cards}</td>
                <td className="numeric">{formatDays(row.median)}</td>
                <td className="numeric">{formatDays(row.p85)}</td>
                <td className="numeric">{formatDays(row.longest)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
