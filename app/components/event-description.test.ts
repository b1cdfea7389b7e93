import { describe, expect, it } from "vitest";
import en from "~/locales/en";
import sv from "~/locales/sv";
import { createTranslator, supportedLocales, type Locale } from "~/utils/i18n";
import { EVENT_FIELDS, EVENT_KINDS } from "../../db/schema";
import { describeChanges, describeEvent, describeField, describeKind, type DescribedEvent } from "./event-description";

const resources = { sv, en };

const event = (kind: DescribedEvent["kind"], changes: DescribedEvent["changes"] = null): DescribedEvent => ({
  kind,
  actorName: "Sara Strand",
  fromColumn: "Planerad",
  toColumn: "Pågår",
  fromFocusArea: "Samverkan",
  toFocusArea: "Arbetsmiljö",
  changes,
});

describe.each(supportedLocales)("event descriptions in %s", (locale: Locale) => {
  // Only this language's strings: a missing one would otherwise quietly fall back to Swedish.
  const { t } = createTranslator(locale, { [locale]: resources[locale] });

  it.each(EVENT_KINDS)("describes a %s event in words", (kind) => {
    const text = describeEvent(t, event(kind, kind === "edited" ? { title: { from: "a", to: "b" } } : null));
    expect(text).toMatch(/^Sara Strand /);
    expect(text).not.toMatch(/\{\{|history\.|undefined|null/);
  });

  it("names every kind with a word of its own, for a spreadsheet's column of kinds", () => {
    const words = EVENT_KINDS.map((kind) => describeKind(t, kind));
    for (const [index, word] of words.entries()) expect(word, EVENT_KINDS[index]).toMatch(/^\p{Lu}\p{Ll}+$/u);
    expect(new Set(words).size).toBe(EVENT_KINDS.length);
  });

  it("spells out what an edit changed, every field in words and no value as JSON", () => {
    const changes = Object.fromEntries(EVENT_FIELDS.map((field) => [field, { from: null, to: ["Ada Ek", "Bo Ås"] }]));
    const text = describeChanges(t, changes);
    for (const field of EVENT_FIELDS) expect(text).toContain(`${describeField(t, field)}: ${t("history.noValue")} → Ada Ek, Bo Ås`);
    expect(text).not.toMatch(/[[\]{}"]/);
  });

  it.each(EVENT_FIELDS)("names the field %s in words of its own", (field) => {
    const words = describeField(t, field);
    expect(words).not.toBe(field);
    expect(words).not.toBe(describeField(t, "no-such-field"));
    expect(words).not.toMatch(/history\.|[A-Z_]/);
    expect(describeEvent(t, event("edited", { [field]: { from: null, to: "x" } }))).toContain(words);
  });

  it("gives every field different words", () => {
    const words = EVENT_FIELDS.map((field) => describeField(t, field));
    expect(new Set(words).size).toBe(EVENT_FIELDS.length);
  });

  it("never shows a field name it does not know", () => {
    const text = describeEvent(t, event("edited", { due_on: { from: null, to: "2026-12-01" } } as DescribedEvent["changes"]));
    expect(text).not.toContain("due_on");
    expect(text).toContain(describeField(t, "due_on"));
  });
});
