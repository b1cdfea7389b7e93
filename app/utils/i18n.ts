import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Resources } from "~/locales/sv";

export const supportedLocales = ["sv", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "sv";

export function isLocale(value: unknown): value is Locale {
  return supportedLocales.includes(value as Locale);
}

/** The BCP 47 tag used for dates and numbers: Swedish and British English formats. */
export const intlLocale: Record<Locale, string> = { sv: "sv-SE", en: "en-GB" };

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Resources };
  }
}

export type Translations = Partial<Record<Locale, Resources>>;

/**
 * A ready i18next instance over the translations at hand: the server has every language; a
 * browser loads only the one it shows (see locale-resources.ts). Initialises synchronously.
 */
export function createI18n(locale: Locale, translations: Translations): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: defaultLocale,
    supportedLngs: [...supportedLocales],
    resources: Object.fromEntries(Object.entries(translations).map(([language, translation]) => [language, { translation }])),
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}
