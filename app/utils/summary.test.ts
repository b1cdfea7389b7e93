import { describe, expect, it } from "vitest";
import { buildSummary, summaryHtml, summaryMarkdown, type SummaryItem, type SummaryText } from "./summary";

const item = (overrides: Partial<SummaryItem>): SummaryItem => ({
  category: "added",
  planId: "p1",
  planTitle: "Bli en processorganisation",
  focusAreaName: "Samverkan",
  assignmentId: "a",
  title: "Kort",
  groupName: null,
  columnName: "Planerad",
  ...overrides,
});

const text: SummaryText = {
  title: "Oktober 2026",
  categoryTitle: (category, count) => `${category} (${count})`,
  groupsTitle: "Arbetsgrupper",
  nothing: "Inget hände.",
  showPlans: false,
};

describe("the monthly summary", () => {
  const summary = buildSummary([
    item({ assignmentId: "a", title: "Fredagsfika", groupName: "Må bra-gruppen" }),
    item({ assignmentId: "b", title: "Mentorskap <nya>", focusAreaName: "Introduktion" }),
    item({ assignmentId: "a", title: "Fredagsfika", category: "finished", groupName: "Må bra-gruppen", columnName: "Klart" }),
  ]);

  it("groups each category by focus area and lists the groups involved", () => {
    expect(summary.sections.find((s) => s.category === "added")).toMatchObject({
      count: 2,
      focusAreas: [{ name: "Samverkan" }, { name: "Introduktion" }],
    });
    expect(summary.sections.find((s) => s.category === "stalled")?.count).toBe(0);
    expect(summary.groups).toEqual(["Må bra-gruppen"]);
  });

  it("copies as Markdown with each card's group and status, escaping what Markdown would read as markup", () => {
    expect(summaryMarkdown(summary, text)).toBe(
      [
        "# Oktober 2026",
        "",
        "## added (2)",
        "",
        "**Samverkan**",
        "",
        "- Fredagsfika · Må bra-gruppen · Planerad",
        "",
        "**Introduktion**",
        "",
        "- Mentorskap \\<nya\\> · Planerad",
        "",
        "## finished (1)",
        "",
        "**Samverkan**",
        "",
        "- Fredagsfika · Må bra-gruppen · Klart",
        "",
        "## Arbetsgrupper",
        "",
        "Må bra-gruppen",
        "",
      ].join("\n"),
    );
  });

  it("copies as HTML with each card's status and every text escaped", () => {
    const html = summaryHtml(summary, text);
    expect(html).toContain("<li>Mentorskap &lt;nya&gt; · Planerad</li>");
    expect(html).toContain("<li>Fredagsfika · Må bra-gruppen · Klart</li>");
    expect(html).toContain("<h2>added (2)</h2>");
    expect(html).not.toContain("<nya>");
  });

  it("says so when nothing happened", () => {
    expect(summaryMarkdown(buildSummary([]), text)).toBe("# Oktober 2026\n\nInget hände.\n");
  });
});
