import en from "~/locales/en";
import sv from "~/locales/sv";
import { createTranslator, type Locale } from "./i18n";

/** The server renders in every language, so it holds them all. */
export function serverI18n(locale: Locale) {
  return createTranslator(locale, { sv, en });
}
