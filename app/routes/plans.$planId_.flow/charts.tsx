import { useTranslation } from "~/components/i18n";

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 10, right: 10, bottom: 28, left: 36 };

export interface Series {
  key: string;
  name: string;
}

/** Stacked areas, first column on top and the last (done) at the bottom, with a y axis of card counts. */
export function CumulativeFlowChart({ days, series, counts, title }: { days: string[]; series: Series[]; counts: Map<string, Map<string, number>>; title: string }) {
  const { t } = useTranslation();
  if (days.length === 0) return null;
  const stackOrder = [...series].reverse();
  const totals = days.map((day) => series.reduce((sum, s) => sum + (counts.get(day)?.get(s.key) ?? 0), 0));
  const max = Math.max(1, ...totals);
  const x = (index: number) => PAD.left + (days.length === 1 ? 0 : (index / (days.length - 1)) * (WIDTH - PAD.left - PAD.right));
  const y = (value: number) => HEIGHT - PAD.bottom - (value / max) * (HEIGHT - PAD.top - PAD.bottom);
  const below = days.map(() => 0);
  const areas = stackOrder.map((s, seriesIndex) => {
    const lower = [...below];
    const upper = days.map((day, index) => (below[index] = lower[index]! + (counts.get(day)?.get(s.key) ?? 0)));
    const points = [
      ...upper.map((value, index) => `${x(index)},${y(value)}`),
      ...lower.map((value, index) => `${x(index)},${y(value)}`).reverse(),
    ].join(" ");
    return <polygon key={s.key} points={points} className={`area-${(stackOrder.length - 1 - seriesIndex) % 6}`} />;
  });
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} className="chart-svg">
        {areas}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
        <text x={PAD.left - 6} y={y(max) + 4} className="axis-label" textAnchor="end">
          {max}
        </text>
        <text x={PAD.left - 6} y={y(0)} className="axis-label" textAnchor="end">
          0
        </text>
        <text x={x(0)} y={HEIGHT - 8} className="axis-label">
          {days[0]}
        </text>
        <text x={x(days.length - 1)} y={HEIGHT - 8} className="axis-label" textAnchor="end">
          {days.at(-1)}
        </text>
      </svg>
      <figcaption>
        <ul className="legend">
          {series.map((s, index) => (
            <li key={s.key}>
              <span className={`swatch area-${index % 6}`} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary>{t("flow.showData")}</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("flow.day")}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="numeric">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day}>
                  <th scope="row">{day}</th>
                  {series.map((s) => (
                    <td key={s.key} className="numeric">
                      {counts.get(day)?.get(s.key) ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export interface Bar {
  key: string;
  label: string;
  values: number[];
}

/** Horizontal bars, one row per item and one bar per value (e.g. lead and cycle time), in days. */
export function BarChart({ bars, valueNames, title, format }: { bars: Bar[]; valueNames: string[]; title: string; format: (days: number) => string }) {
  const rowHeight = 14 * valueNames.length + 8;
  const labelWidth = 220;
  const height = Math.max(rowHeight * bars.length + 10, 30);
  const max = Math.max(1, ...bars.flatMap((bar) => bar.values));
  const scale = (value: number) => (value / max) * (WIDTH - labelWidth - 60);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} className="chart-svg">
        {bars.map((bar, row) => (
          <g key={bar.key} transform={`translate(0, ${row * rowHeight + 5})`}>
            <text x={labelWidth - 8} y={rowHeight / 2 + 2} textAnchor="end" className="axis-label">
              {bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label}
            </text>
            {bar.values.map((value, index) => (
              <g key={index}>
                <rect x={labelWidth} y={index * 14} width={Math.max(scale(value), 1)} height={12} className={`bar-${index}`} />
                <text x={labelWidth + scale(value) + 4} y={index * 14 + 10} className="axis-label">
                  {format(value)}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {valueNames.map((name, index) => (
            <li key={name}>
              <span className={`swatch bar-${index}`} aria-hidden="true" />
              {name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
