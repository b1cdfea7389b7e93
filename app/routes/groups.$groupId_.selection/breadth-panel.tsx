import { useTranslation } from "~/components/i18n";
import type { Breadth } from "~/utils/breadth";

export interface Universe {
  competences: string[];
  units: Array<{ id: string; name: string }>;
}

type Dimension = "competences" | "units" | "experience";

/** What the selection covers, what the applicants offer beyond it, and what nobody offers. */
export function BreadthPanel({ breadth, universe }: { breadth: Breadth; universe: Universe }) {
  const { t } = useTranslation();
  const unitName = new Map(universe.units.map((unit) => [unit.id, unit.name]));
  const label = (dimension: Dimension, item: string) =>
    dimension === "units"
      ? unitName.get(item) ?? item
      : dimension === "experience"
      ? t(`groups.selection.bands.${item as "0-4" | "5-9" | "10-19" | "20+"}`)
      : item;

  return (
    <section className="panel breadth" aria-labelledby="breadth-title">
      <h2 id="breadth-title">{t("groups.selection.breadthTitle")}</h2>
      <p>{t("groups.selection.breadthSummary", { covered: breadth.coveredCount, available: breadth.availableCount })}</p>
      <dl>
        {(["competences", "units", "experience"] as const).map((dimension) => {
          const coverage = breadth[dimension];
          return (
            <div key={dimension}>
              <dt>{t(`groups.selection.dimensions.${dimension}`)}</dt>
              <dd>
                {(["covered", "missing", "absent"] as const).map((kind) =>
                  kind === "absent" && coverage.absent.length === 0 ? null : (
                    <div key={kind} className="breadth-row">
                      <span>
                        {t(`groups.selection.${kind === "covered" ? "covers" : kind === "missing" ? "misses" : "absent"}`)}
                      </span>
                      {coverage[kind].length ? (
                        <ul className={`tags ${kind}`}>
                          {coverage[kind].map((item) => (
                            <li key={item}>{label(dimension, item)}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">{t("groups.selection.nothing")}</span>
                      )}
                    </div>
                  )
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
