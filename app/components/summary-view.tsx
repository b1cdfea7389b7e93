import { Form, Link } from "@remix-run/react";
import { useMemo, useState } from "react";
import { useTranslation } from "~/components/i18n";
import { intlLocale, type Locale } from "~/utils/i18n";
import { addMonths, monthLabel } from "~/utils/month";
import { buildSummary, itemDetails, summaryHtml, summaryMarkdown, type SummaryItem, type SummaryText } from "~/utils/summary";

interface SummaryViewProps {
  scopeTitle: string;
  month: string;
  currentMonth: string;
  stalledWeeks: number;
  items: SummaryItem[];
  locale: Locale;
  /** Where the month links and form go; the page itself. */
  path: string;
  showPlans: boolean;
  /** Links to assignment pages, when the viewer may open them. */
  linkItems: boolean;
  /** Each unit's latest value of each indicator followed, with its change. */
  indicators?: Array<{ indicator: string; unitOfMeasure: string; unit: string; period: string; value: number; previousPeriod: string | null; change: number | null; better: boolean | null }>;
}

export function SummaryView({ scopeTitle, month, currentMonth, stalledWeeks, items, locale, path, showPlans, linkItems, indicators = [] }: SummaryViewProps) {
  const { t } = useTranslation();
  const summary = useMemo(() => buildSummary(items), [items]);
  const number = new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 2, signDisplay: "exceptZero" });
  const indicatorLines = indicators.map((row) => {
    const line = t("indicators.summaryLine", { indicator: row.indicator, unit: row.unit, value: number.format(row.value), measure: row.unitOfMeasure, period: row.period });
    if (row.change === null || row.previousPeriod === null) return line;
    const direction = row.better === null ? "" : `, ${row.better ? t("indicators.better") : t("indicators.worse")}`;
    return `${line}, ${t("indicators.summaryChange", { change: signed.format(row.change), previous: row.previousPeriod })}${direction}`;
  });
  const text: SummaryText = {
    title: t("summary.title", { scope: scopeTitle, month: monthLabel(month, locale) }),
    categoryTitle: (category, count) => t(`summary.categories.${category}`, { count, weeks: stalledWeeks }),
    groupsTitle: t("summary.groupsInvolved"),
    nothing: t("summary.nothing"),
    showPlans,
    indicators: { title: t("indicators.summaryTitle"), lines: indicatorLines },
  };
  const markdown = summaryMarkdown(summary, text);
  const query = (target: string) => `${path}?month=${target}&stalledWeeks=${stalledWeeks}`;

  return (
    <div className="page summary-page">
      <h1>{text.title}</h1>
      <nav className="month-nav no-print" aria-label={t("summary.monthNavigation")}>
        <Link to={query(addMonths(month, -1))}>← {monthLabel(addMonths(month, -1), locale)}</Link>
        {month < currentMonth ? <Link to={query(addMonths(month, 1))}>{monthLabel(addMonths(month, 1), locale)} →</Link> : null}
        <Form method="get" action={path} className="month-form">
          <label htmlFor="summary-month">{t("summary.month")}</label>
          <input id="summary-month" type="month" name="month" defaultValue={month} max={currentMonth} key={month} />
          <label htmlFor="summary-weeks">{t("summary.stalledWeeks")}</label>
          <input id="summary-weeks" type="number" name="stalledWeeks" min={1} max={52} defaultValue={stalledWeeks} key={`w${stalledWeeks}`} />
          <button type="submit">{t("summary.show")}</button>
        </Form>
      </nav>
      <CopyButtons markdown={markdown} html={summaryHtml(summary, text)} />

      {summary.total === 0 ? <p>{text.nothing}</p> : null}
      {summary.sections
        .filter((section) => section.count > 0)
        .map((section) => (
          <section key={section.category} aria-labelledby={`summary-${section.category}`} className="summary-section">
            <h2 id={`summary-${section.category}`}>{text.categoryTitle(section.category, section.count)}</h2>
            {section.focusAreas.map((area) => (
              <div key={`${area.planTitle}/${area.name}`}>
                <h3>{showPlans ? `${area.planTitle}: ${area.name}` : area.name}</h3>
                <ul>
                  {area.items.map((item) => (
                    <li key={item.assignmentId}>
                      {linkItems ? <Link to={`/plans/${item.planId}/assignments/${item.assignmentId}`}>{item.title}</Link> : item.title}
                      <span className="muted"> · {itemDetails(item).join(" · ")}</span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        ))}
      {summary.groups.length ? (
        <section aria-labelledby="summary-groups" className="summary-section">
          <h2 id="summary-groups">{text.groupsTitle}</h2>
          <p>{summary.groups.join(", ")}</p>
        </section>
      ) : null}
      {indicatorLines.length ? (
        <section aria-labelledby="summary-indicators" className="summary-section indicator-summary">
          <h2 id="summary-indicators">{t("indicators.summaryTitle")}</h2>
          <ul>
            {indicatorLines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <details className="no-print">
        <summary>{t("summary.showMarkdown")}</summary>
        <pre className="markdown-source">{markdown}</pre>
      </details>
    </div>
  );
}

function CopyButtons({ markdown, html }: { markdown: string; html: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState("");
  const copy = async (kind: "markdown" | "html") => {
    try {
      if (kind === "markdown") await navigator.clipboard.writeText(markdown);
      else
        await navigator.clipboard.write([
          new ClipboardItem({
            "text/html": new Blob([html], { type: "text/html" }),
            "text/plain": new Blob([markdown], { type: "text/plain" }),
          }),
        ]);
      setStatus(kind === "markdown" ? t("summary.copiedMarkdown") : t("summary.copiedHtml"));
    } catch {
      setStatus(t("summary.copyFailed"));
    }
  };
  return (
    <div className="button-row no-print copy-buttons">
      <button type="button" onClick={() => void copy("markdown")}>
        {t("summary.copyMarkdown")}
      </button>
      <button type="button" onClick={() => void copy("html")}>
        {t("summary.copyHtml")}
      </button>
      <button type="button" onClick={() => window.print()}>
        {t("summary.print")}
      </button>
      <p role="status" className="copy-status">
        {status}
      </p>
    </div>
  );
}
