/**
 * Breadth of a working group's selection: which competences, units and experience bands the
 * chosen applicants bring, and a greedy maximum-coverage suggestion for the seats. Pure and
 * client-safe: the selection page recomputes it as the developer ticks applicants.
 */

export const EXPERIENCE_BANDS = [
  { key: "0-4", min: 0 },
  { key: "5-9", min: 5 },
  { key: "10-19", min: 10 },
  { key: "20+", min: 20 },
] as const;

export type ExperienceBand = (typeof EXPERIENCE_BANDS)[number]["key"];

export function experienceBand(years: number): ExperienceBand {
  let band: ExperienceBand = EXPERIENCE_BANDS[0].key;
  for (const candidate of EXPERIENCE_BANDS) if (years >= candidate.min) band = candidate.key;
  return band;
}

export interface Applicant {
  id: string;
  /** When the application came in (an instant): the earlier wins a tie. */
  submittedAt: string | Date;
  competences: readonly string[];
  unitIds: readonly string[];
  experienceYears: number;
}

/** Competences match regardless of case and spacing, so free text meets the organisation's list. */
export function competenceKey(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("sv");
}

/** The list's choices plus free text (comma- or line-separated), each once, in the order given. */
export function mergeCompetences(chosen: readonly string[], freeText: string): string[] {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const raw of [...chosen, ...freeText.split(/[,;\n]/)]) {
    const name = raw.trim().replace(/\s+/g, " ");
    const key = competenceKey(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    merged.push(name);
  }
  return merged;
}

/** Everything one applicant adds to a selection, as comparable keys. */
function facetsOf(applicant: Applicant): Set<string> {
  return new Set([
    ...applicant.competences.map((name) => `c:${competenceKey(name)}`),
    ...applicant.unitIds.map((id) => `u:${id}`),
    `e:${experienceBand(applicant.experienceYears)}`,
  ]);
}

const instant = (value: string | Date) => (value instanceof Date ? value.getTime() : Date.parse(value));

/** Earliest application first, then the smaller id: the order ties are settled in. */
export function byApplicationOrder(a: Applicant, b: Applicant): number {
  return instant(a.submittedAt) - instant(b.submittedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Greedy maximum coverage: seat by seat, the applicant who adds the most competences, units and
 * experience bands not yet covered (each counts one); a tie goes to the earliest application,
 * then the smaller id. Once nobody adds anything, the remaining seats go in application order.
 * Returns ids in the order picked; the same input always gives the same answer.
 */
export function suggestSelection(applicants: readonly Applicant[], seats: number): string[] {
  const remaining = [...applicants]
    .sort(byApplicationOrder)
    .map((applicant) => ({ id: applicant.id, facets: facetsOf(applicant) }));
  const covered = new Set<string>();
  const picked: string[] = [];
  while (picked.length < seats && remaining.length > 0) {
    let bestIndex = 0;
    let bestGain = -1;
    remaining.forEach((candidate, index) => {
      let gain = 0;
      for (const facet of candidate.facets) if (!covered.has(facet)) gain += 1;
      if (gain > bestGain) {
        bestGain = gain;
        bestIndex = index;
      }
    });
    const [best] = remaining.splice(bestIndex, 1);
    picked.push(best!.id);
    for (const facet of best!.facets) covered.add(facet);
  }
  return picked;
}

export interface Coverage<T extends string = string> {
  /** Brought by someone selected. */
  covered: T[];
  /** Brought by some applicant, but nobody selected. */
  missing: T[];
  /** In the organisation's lists, but no applicant brings it. */
  absent: T[];
}

export interface Breadth {
  /** Competences by display name: the organisation's spelling, else the first applicant's. */
  competences: Coverage;
  units: Coverage;
  experience: Coverage<ExperienceBand>;
  /** Covered and available facets over all three dimensions. */
  coveredCount: number;
  availableCount: number;
}

export interface Universe {
  /** The organisation's competence list, in its order. */
  competences: readonly string[];
  /** The organisation's units, in display order. */
  unitIds: readonly string[];
}

function coverage<T extends string>(order: readonly T[], available: Set<T>, selected: Set<T>): Coverage<T> {
  return {
    covered: order.filter((item) => selected.has(item)),
    missing: order.filter((item) => available.has(item) && !selected.has(item)),
    absent: order.filter((item) => !available.has(item)),
  };
}

/** What the selection covers and misses, against what the applicants offer and the organisation lists. */
export function breadthOf(applicants: readonly Applicant[], selectedIds: Iterable<string>, universe: Universe): Breadth {
  const chosen = new Set(selectedIds);
  const ordered = [...applicants].sort(byApplicationOrder);

  const competenceLabel = new Map<string, string>();
  for (const name of universe.competences)
    if (!competenceLabel.has(competenceKey(name))) competenceLabel.set(competenceKey(name), name);
  const listed = new Set(competenceLabel.keys());
  const extraCompetences = new Map<string, string>();
  for (const applicant of ordered) {
    for (const name of applicant.competences) {
      const key = competenceKey(name);
      if (key && !listed.has(key) && !extraCompetences.has(key)) extraCompetences.set(key, name.trim().replace(/\s+/g, " "));
    }
  }
  for (const [key, name] of [...extraCompetences].sort(([, a], [, b]) => a.localeCompare(b, "sv")))
    competenceLabel.set(key, name);

  const extraUnits = [...new Set(ordered.flatMap((applicant) => applicant.unitIds))].filter(
    (id) => !universe.unitIds.includes(id)
  );
  const unitOrder = [...new Set(universe.unitIds), ...extraUnits];
  const bandOrder = EXPERIENCE_BANDS.map((band) => band.key);

  const available = { competences: new Set<string>(), units: new Set<string>(), experience: new Set<ExperienceBand>() };
  const selected = { competences: new Set<string>(), units: new Set<string>(), experience: new Set<ExperienceBand>() };
  for (const applicant of ordered) {
    const targets = chosen.has(applicant.id) ? [available, selected] : [available];
    for (const target of targets) {
      for (const name of applicant.competences) if (competenceKey(name)) target.competences.add(competenceKey(name));
      for (const id of applicant.unitIds) target.units.add(id);
      target.experience.add(experienceBand(applicant.experienceYears));
    }
  }

  const competenceKeys = [...competenceLabel.keys()];
  const competences = coverage(competenceKeys, available.competences, selected.competences);
  const label = (keys: string[]) => keys.map((key) => competenceLabel.get(key)!);
  const units = coverage(unitOrder, available.units, selected.units);
  const experience = coverage(bandOrder, available.experience, selected.experience);
  return {
    competences: { covered: label(competences.covered), missing: label(competences.missing), absent: label(competences.absent) },
    units,
    experience,
    coveredCount: selected.competences.size + selected.units.size + selected.experience.size,
    availableCount: available.competences.size + available.units.size + available.experience.size,
  };
}
