import { Link } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { intlLocale, type Locale } from "~/utils/i18n";

export interface ChartSeries {
  id: string;
  name: string;
  unitOfMeasure: string;
  target: number | null;
  periods: string[];
  units: Array<{ id: string; name: string; values: Record<string, number> }>;
  /** Assignments finished per period. */
  milestones: Record<string, string[]>;
}

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 56;
const RIGHT = 36;
const TOP = 16;
const BOTTOM = 40;
const LINES = 8;

/** An axis from a round number to a round number, in steps of 1, 2 or 5 times a power of ten. */
function niceScale(min: number, max: number) {
  const span = max - min || Math.abs(max) || 1;
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const low = Math.floor(min / step) * step;
  const high = Math.max(Math.ceil(max / step) * step, low + step);
  const ticks: number[] = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { low, high, ticks };
}

/**
 * An indicator over time: one line per unit, the target dashed, and a mark under each period in
 * which assignments were finished. The picture is for the eye; the table after it holds every
 * figure for screen readers and for anyone who wants the numbers.
 */
export function IndicatorChart({ series, locale }: { series: ChartSeries; locale: Locale }) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 2 });
  const { periods } = series;
  const values = series.units.flatMap((unit) => Object.values(unit.values));
  const scale = [...values, ...(series.target === null ? [] : [series.target])];
  const tableId = `indicator-table-${series.id}`;
  if (periods.length === 0) return <p className="muted">{t("indicators.noValues")}</p>;

  const { low, high, ticks } = niceScale(scale.length ? Math.min(...scale) : 0, scale.length ? Math.max(...scale) : 1);
  const x = (index: number) => (periods.length === 1 ? LEFT + (WIDTH - LEFT - RIGHT) / 2 : LEFT + (index * (WIDTH - LEFT - RIGHT)) / (periods.length - 1));
  const y = (value: number) => TOP + ((high - value) * (HEIGHT - TOP - BOTTOM)) / (high - low);
  const labelEvery = Math.max(1, Math.ceil(periods.length / 8));
  const finished = (period: string) => series.milestones[period] ?? [];

  return (
    <figure className="indicator-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t("indicators.chartLabel", { name: series.name })} aria-describedby={tableId}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={LEFT - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {number.format(tick)}
            </text>
          </g>
        ))}
        {periods.map((period, index) =>
          index % labelEvery === 0 ? (
            <text key={period} x={x(index)} y={HEIGHT - BOTTOM + 16} textAnchor="middle" className="axis">
              {period}
            </text>
          ) : null,
        )}
        {periods.map((period, index) =>
          finished(period).length > 0 ? (
            <g key={`m-${period}`} className="milestone">
              <line x1={x(index)} x2={x(index)} y1={TOP} y2={HEIGHT - BOTTOM} />
              <path d={`M ${x(index)} ${HEIGHT - BOTTOM + 22} l 5 5 l -5 5 l -5 -5 z`} />
            </g>
          ) : null,
        )}
        {series.target !== null ? <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(series.target)} y2={y(series.target)} className="target" /> : null}
        {series.units.map((unit, line) => {
          const points = periods.flatMap((period, index) => (period in unit.values ? [[x(index), y(unit.values[period]!)] as const] : []));
          return (
            <g key={unit.id} className={`series series-${line % LINES}`}>
              <polyline points={points.map(([px, py]) => `${px},${py}`).join(" ")} />
              {points.map(([px, py]) => (
                <circle key={`${px}`} cx={px} cy={py} r={3.5} />
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {series.units.map((unit, line) => (
            <li key={unit.id}>
              <span className={`swatch series-${line % LINES}`} aria-hidden="true" />
              {unit.name}
            </li>
          ))}
          {series.target !== null ? (
            <li>
              <span className="swatch target" aria-hidden="true" />
              {t("indicators.targetLine", { target: number.format(series.target), unit: series.unitOfMeasure })}
            </li>
          ) : null}
          <li>
            <span className="swatch milestone" aria-hidden="true" />
            {t("indicators.milestoneLegend")}
          </li>
        </ul>
      </figcaption>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${tableId}-caption`}>
        <table className="data-table" id={tableId}>
          <caption id={`${tableId}-caption`}>{t("indicators.tableCaption", { name: series.name, unit: series.unitOfMeasure })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("indicators.period")}</th>
              {series.units.map((unit) => (
                <th scope="col" key={unit.id}>
                  {unit.name}
                </th>
              ))}
              <th scope="col">{t("indicators.finished")}</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((period) => (
              <tr key={period}>
                <th scope="row">{period}</th>
                {series.units.map((unit) => (
                  <td key={unit.id}>{period in unit.values ? number.format(unit.values[period]!) : "–"}</td>
                ))}
                <td>{finished(period).length > 0 ? finished(period).join(", ") : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** The indicators followed for a plan, each under its own heading with its chart and table. */
export function IndicatorSections({
  series,
  locale,
  headingLevel = 2,
}: {
  series: Array<ChartSeries & { higherIsBetter: boolean; focusAreas: string[] }>;
  locale: Locale;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const { t } = useTranslation();
  if (series.length === 0) return <p>{t("indicators.noneLinked")}</p>;
  return (
    <>
      {series.map((indicator) => (
        <section key={indicator.id} aria-labelledby={`indicator-${indicator.id}`}>
          <Heading id={`indicator-${indicator.id}`}>
            <Link to={`/indicators/${indicator.id}`}>{indicator.name}</Link>
          </Heading>
          <p className="muted">
            {indicator.higherIsBetter ? t("indicators.higherIsBetter") : t("indicators.lowerIsBetter")}
            {indicator.focusAreas.length > 0 ? ` · ${t("indicators.throughFocusAreas", { names: indicator.focusAreas.join(", ") })}` : null}
          </p>
          <IndicatorChart series={indicator} locale={locale} />
        </section>
      ))}
    </>
  );
}
