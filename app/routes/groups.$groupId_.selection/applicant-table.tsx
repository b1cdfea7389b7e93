import { useTranslation } from "~/components/i18n";
import { experienceBand } from "~/utils/breadth";
import { formatInstant } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import type { Universe } from "./breadth-panel";

interface Applicant {
  id: string;
  name: string;
  currentUnit: string | null;
  motivation: string;
  competences: string[];
  experienceYears: number;
  unitIds: string[];
  submittedAt: string;
}

interface ApplicantTableProps {
  applicants: Applicant[];
  chosen: Set<string>;
  onToggle: (id: string, on: boolean) => void;
  universe: Universe;
  locale: Locale;
}

/** Every applicant with a checkbox; the checked ones are what the form confirms. */
export function ApplicantTable({ applicants, chosen, onToggle, universe, locale }: ApplicantTableProps) {
  const { t } = useTranslation();
  const unitName = new Map(universe.units.map((unit) => [unit.id, unit.name]));
  return (
    <table className="data-table applicant-table">
      <caption className="visually-hidden">{t("groups.selection.applicants")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("groups.selection.choose")}</th>
          <th scope="col">{t("groups.selection.name")}</th>
          <th scope="col">{t("groups.selection.experience")}</th>
          <th scope="col">{t("groups.selection.competences")}</th>
          <th scope="col">{t("groups.selection.units")}</th>
        </tr>
      </thead>
      <tbody>
        {applicants.map((applicant) => {
          const checkboxId = `choose-${applicant.id}`;
          return (
            <tr key={applicant.id} className={chosen.has(applicant.id) ? "chosen" : undefined}>
              <td>
                <input
                  type="checkbox"
                  id={checkboxId}
                  name="applicationIds"
                  value={applicant.id}
                  checked={chosen.has(applicant.id)}
                  onChange={(event) => onToggle(applicant.id, event.currentTarget.checked)}
                />
                <label htmlFor={checkboxId} className="visually-hidden">
                  {t("groups.selection.select", { name: applicant.name })}
                </label>
              </td>
              <th scope="row">
                {applicant.name}
                {applicant.currentUnit ? <div className="muted">{applicant.currentUnit}</div> : null}
                <div className="hint">
                  {t("groups.selection.submitted")} {formatInstant(applicant.submittedAt, locale)}
                </div>
                <details>
                  <summary>{t("groups.selection.motivation")}</summary>
                  <p>{applicant.motivation}</p>
                </details>
              </th>
              <td>
                {t("groups.application.years", { count: applicant.experienceYears })}
                <div className="muted">{t(`groups.selection.bands.${experienceBand(applicant.experienceYears)}`)}</div>
              </td>
              <td>
                <ul className="tags">
                  {applicant.competences.map((competence) => (
                    <li key={competence}>{competence}</li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="tags">
                  {applicant.unitIds.map((id) => (
                    <li key={id}>{unitName.get(id) ?? "–"}</li>
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
