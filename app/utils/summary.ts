/** Shapes a month's summary rows for reading and for copying; pure and safe for the browser. */

export const SUMMARY_CATEGORIES = ["added", "started", "moved", "finished", "archived", "stalled"] as const;
export type SummaryCategory = (typeof SUMMARY_CATEGORIES)[number];

export interface SummaryItem {
  category: SummaryCategory;
  planId: string;
  planTitle: string;
  focusAreaName: string;
  assignmentId: string;
  title: string;
  groupName: string | null;
  columnName: string;
}

export interface SummarySection {
  category: SummaryCategory;
  count: number;
  focusAreas: Array<{ name: string; planTitle: string; items: SummaryItem[] }>;
}

export interface Summary {
  sections: SummarySection[];
  groups: string[];
  total: number;
}

export function buildSummary(items: readonly SummaryItem[]): Summary {
  const sections = SUMMARY_CATEGORIES.map((category) => {
    const inCategory = items.filter((item) => item.category === category);
    const focusAreas: SummarySection["focusAreas"] = [];
    for (const item of inCategory) {
      let area = focusAreas.find((candidate) => candidate.name === item.focusAreaName && candidate.planTitle === item.planTitle);
      if (!area) focusAreas.push((area = { name: item.focusAreaName, planTitle: item.planTitle, items: [] }));
      area.items.push(item);
    }
    return { category, count: inCategory.length, focusAreas };
  });
  const groups = [...new Set(items.flatMap((item) => (item.groupName ? [item.groupName] : [])))].sort((a, b) => a.localeCompare(b, "sv"));
  return { sections, groups, total: items.length };
}

export interface SummaryText {
  title: string;
  categoryTitle: (category: SummaryCategory, count: number) => string;
  groupsTitle: string;
  nothing: string;
  /** Whether to name the plan beside each focus area (a summary of several plans). */
  showPlans: boolean;
  /** The indicators' latest values and changes, one line each, written out by the caller. */
  indicators?: { title: string; lines: string[] };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]#<>|])/g, "\\$1");

const areaLabel = (area: SummarySection["focusAreas"][number], showPlans: boolean) =>
  showPlans ? `${area.planTitle}: ${area.name}` : area.name;
/** What the page shows beside a card's title: its carrying group, if any, and the column it stands in now (its status). */
export const itemDetails = (item: SummaryItem): string[] => (item.groupName ? [item.groupName, item.columnName] : [item.columnName]);
const itemLabel = (item: SummaryItem) => [item.title, ...itemDetails(item)].join(" · ");

/** The summary as Markdown, for the intranet blog's editor. */
export function summaryMarkdown(summary: Summary, text: SummaryText): string {
  const lines = [`# ${escapeMarkdown(text.title)}`, ""];
  for (const section of summary.sections) {
    if (section.count === 0) continue;
    lines.push(`## ${escapeMarkdown(text.categoryTitle(section.category, section.count))}`, "");
    for (const area of section.focusAreas) {
      lines.push(`**${escapeMarkdown(areaLabel(area, text.showPlans))}**`, "");
      for (const item of area.items) lines.push(`- ${escapeMarkdown(itemLabel(item))}`);
      lines.push("");
    }
  }
  if (summary.total === 0) lines.push(escapeMarkdown(text.nothing), "");
  if (summary.groups.length) lines.push(`## ${escapeMarkdown(text.groupsTitle)}`, "", escapeMarkdown(summary.groups.join(", ")), "");
  if (text.indicators?.lines.length) {
    lines.push(`## ${escapeMarkdown(text.indicators.title)}`, "", ...text.indicators.lines.map((line) => `- ${escapeMarkdown(line)}`), "");
  }
  return lines.join("\n").trimEnd() + "\n";
}

/** The summary as HTML, for editors that paste formatted text. */
export function summaryHtml(summary: Summary, text: SummaryText): string {
  const parts = [`<h1>${escapeHtml(text.title)}</h1>`];
  for (const section of summary.sections) {
    if (section.count === 0) continue;
    parts.push(`<h2>${escapeHtml(text.categoryTitle(section.category, section.count))}</h2>`);
    for (const area of section.focusAreas) {
      parts.push(`<h3>${escapeHtml(areaLabel(area, text.showPlans))}</h3>`, "<ul>");
      for (const item of area.items) parts.push(`<li>${escapeHtml(itemLabel(item))}</li>`);
      parts.push("</ul>");
    }
  }
  if (summary.total === 0) parts.push(`<p>${escapeHtml(text.nothing)}</p>`);
  if (summary.groups.length) parts.push(`<h2>${escapeHtml(text.groupsTitle)}</h2>`, `<p>${escapeHtml(summary.groups.join(", "))}</p>`);
  if (text.indicators?.lines.length) {
    parts.push(`<h2>${escapeHtml(text.indicators.title)}</h2>`, "<ul>", ...text.indicators.lines.map((line) => `<li>${escapeHtml(line)}</li>`), "</ul>");
  }
  return parts.join("\n") + "\n";
}
