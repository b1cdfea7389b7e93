import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { activityFeed, monthlySummaryFeed } from "./feeds.server";

// What a group member could type as a card or plan title, and what the feed must show as text.
const HOSTILE = [
  "a ]]> b ]]> c",
  '</title><link href="https://evil.example/"/><title type="html">',
  "<b>bold</b> & <script>alert(1)</script> &amp;",
  "<![CDATA[x]]>",
  "nul\u0000here, bell\u0007 and \uFFFE",
  "lone \uD800 high and \uDC00 low surrogate, pair 😀 kept",
  "quotes \" and ' and CR\r",
];
// XML 1.0 cannot carry these characters at all; they arrive as U+FFFD.
const asXmlText = (title: string) => title.replace(/[\u0000\u0007\uFFFE]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(NOT_XML_CHAR);
  return new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, htmlEntities: true, isArray: (name) => name === "entry" || name === "link" }).parse(xml).feed;
}

/** The child element names, after checking that nothing but whitespace lies between them. */
function elements(node: Record<string, unknown>): string[] {
  expect(String(node["#text"] ?? "").trim()).toBe("");
  return Object.keys(node)
    .filter((key) => !key.startsWith("@_") && key !== "#text")
    .sort();
}

const text = (element: { "#text"?: string; "@_type"?: string }) => {
  expect(element["@_type"]).toBe("text");
  return element["#text"] ?? "";
};

describe("the activity feed's XML", () => {
  const now = new Date("2026-11-20T10:00:00Z");
  const xml = activityFeed({
    origin: "http://localhost",
    scope: { title: HOSTILE[1]!, pagePath: "/plans/p/activity", feedPath: "/plans/p/activity.atom" },
    events: HOSTILE.map((title, index) => ({
      id: index + 1,
      occurredAt: now,
      assignmentId: `a${index}`,
      planId: "p",
      title,
      kind: "moved",
      actorName: HOSTILE[(index + 1) % HOSTILE.length]!,
      fromColumn: "<i>",
      toColumn: "]]>",
      fromFocusArea: null,
      toFocusArea: null,
      changes: null,
    })),
    locale: "en",
    now,
  });

  it("keeps each entry to exactly its own elements, whatever the titles hold", () => {
    const feed = parse(xml);
    expect(elements(feed)).toEqual(["entry", "id", "link", "title", "updated"]);
    expect(feed.link.map((link: Record<string, string>) => link["@_href"])).toEqual(["http://localhost/plans/p/activity", "http://localhost/plans/p/activity.atom"]);
    expect(feed.entry).toHaveLength(HOSTILE.length);
    for (const [index, entry] of (feed.entry as Record<string, unknown>[]).entries()) {
      expect(elements(entry)).toEqual(["id", "link", "summary", "title", "updated"]);
      expect(entry.id).toBe(`http://localhost/events/${index + 1}`);
      expect((entry.link as Record<string, string>[]).map((link) => link["@_href"])).toEqual([`http://localhost/plans/p/assignments/a${index}`]);
    }
  });

  it("sends titles as text that reads back as typed", () => {
    const feed = parse(xml);
    expect(text(feed.title)).toBe(`Activity: ${asXmlText(HOSTILE[1]!)}`);
    for (const [index, entry] of (feed.entry as Record<string, { "#text"?: string }>[]).entries()) {
      expect(text(entry.title!).startsWith(`${asXmlText(HOSTILE[index]!)}: `), JSON.stringify(HOSTILE[index])).toBe(true);
      expect(text(entry.summary!)).toContain(asXmlText(HOSTILE[(index + 1) % HOSTILE.length]!));
    }
  });
});

describe("the monthly summary feed's XML", () => {
  it("sends the plan title as text and the summary as escaped HTML, each entry with only its own elements", () => {
    const xml = monthlySummaryFeed({
      origin: "http://localhost",
      scope: { id: "p", title: HOSTILE[0]!, summaryPath: "/plans/p/summary", feedPath: "/plans/p/feed.atom" },
      months: ["2026-10", "2026-11"],
      rows: [],
      stalledWeeks: 3,
      locale: "en",
      now: new Date("2026-11-20T10:00:00Z"),
    });
    const feed = parse(xml);
    expect(feed.entry).toHaveLength(2);
    for (const entry of feed.entry as Record<string, { "#text"?: string; "@_type"?: string }>[]) {
      expect(elements(entry)).toEqual(["content", "id", "link", "title", "updated"]);
      expect(text(entry.title!)).toContain(HOSTILE[0]);
      expect(entry.content!["@_type"]).toBe("html");
      // The HTML escapes the title itself; the XML escapes that HTML once more.
      expect(entry.content!["#text"]).toContain("<h1>");
      expect(entry.content!["#text"]).toContain("a ]]&gt; b ]]&gt; c");
    }
  });
});
