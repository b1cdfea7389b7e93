import { describe, expect, it } from "vitest";
import en from "~/locales/en";
import sv, { type Resources } from "~/locales/sv";
import { createTranslator, type TranslationKey } from "./i18n";

describe("translator", () => {
  it("looks up nested keys and interpolates values as they are", () => {
    const { t } = createTranslator("en", { en });
    expect(t("app.skipToContent")).toBe("Skip to content");
    expect(t("login.demoSignInAs", { name: "Åsa <Ek>" })).toBe("Sign in as Åsa <Ek>");
  });

  it("leaves a placeholder without a value as it is, and writes null as nothing", () => {
    const { t } = createTranslator("en", { en });
    expect(t("login.demoSignInAs")).toBe("Sign in as {{name}}");
    expect(t("login.demoSignInAs", { name: null })).toBe("Sign in as ");
  });

  it("picks the plural form by count with the language's rules", () => {
    const swedish = createTranslator("sv", { sv }).t;
    expect(swedish("card.daysInColumn", { count: 1 })).toBe("1 dag i kolumnen");
    expect(swedish("card.daysInColumn", { count: 0 })).toBe("0 dagar i kolumnen");
    expect(swedish("card.daysInColumn", { count: 2 })).toBe("2 dagar i kolumnen");
    const english = createTranslator("en", { en }).t;
    expect(english("card.daysInColumn", { count: 1 })).toBe("1 day in this column");
    expect(english("card.daysInColumn", { count: 5 })).toBe("5 days in this column");
    expect(english("board.filterMatches", { count: 1 })).toBe("1 assignment matches.");
    expect(english("board.filterMatches", { count: 3 })).toBe("3 assignments match.");
  });

  it("falls back to Swedish for a key the language lacks, when Swedish is loaded", () => {
    const partial = { ...en, app: { ...en.app, skipToContent: undefined } } as unknown as Resources;
    expect(createTranslator("en", { en: partial, sv }).t("app.skipToContent")).toBe("Hoppa till innehållet");
    const noSingular = { ...en, card: { ...en.card, daysInColumn_one: undefined } } as unknown as Resources;
    expect(createTranslator("en", { en: noSingular, sv }).t("card.daysInColumn", { count: 1 })).toBe("1 dag i kolumnen");
  });

  it("answers the key itself when no loaded language has it", () => {
    const partial = { ...en, app: { ...en.app, skipToContent: undefined } } as unknown as Resources;
    expect(createTranslator("en", { en: partial }).t("app.skipToContent")).toBe("app.skipToContent");
    expect(createTranslator("sv", {}).t("app.skipToContent")).toBe("app.skipToContent");
    expect(createTranslator("en", { en }).t("errors.nonsense" as TranslationKey)).toBe("errors.nonsense");
    expect(createTranslator("en", { en }).t("app" as TranslationKey)).toBe("app");
  });

  it("accepts only keys that exist, plural keys without their suffix", () => {
    const { t } = createTranslator("sv", { sv });
    // @ts-expect-error a misspelt key does not compile
    t("app.skipToContnet");
    // @ts-expect-error a plural key is addressed without `_one`/`_other`
    t("card.daysInColumn_one", { count: 1 });
    // @ts-expect-error a branch of the tree is not a string
    t("app.languages");
    const key: TranslationKey = "card.daysInColumn";
    expect(t(key, { count: 1 })).toBe("1 dag i kolumnen");
  });
});
