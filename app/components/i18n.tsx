import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { Resources } from "~/locales/sv";
import { createTranslator, type Locale, type TFunction, type Translator } from "~/utils/i18n";

interface I18n {
  readonly language: Locale;
  /** The strings of the language shown (sent with the page, so the browser starts without fetching them). */
  readonly resources: Resources | undefined;
  hasTranslations(locale: Locale): boolean;
  /** Adds a language loaded later; call `changeLanguage` to show it. */
  addTranslations(locale: Locale, resources: Resources): void;
  changeLanguage(locale: Locale): void;
}

const I18nContext = createContext<{ t: TFunction; i18n: I18n } | null>(null);

/**
 * Holds the translator as React state, so switching language re-renders every `useTranslation`
 * consumer. The server passes `serverI18n(locale)`, the browser a translator over the one
 * language it loaded.
 */
export function I18nProvider({ translator, children }: { translator: Translator; children: ReactNode }) {
  const [current, setCurrent] = useState(translator);
  const value = useMemo(() => {
    const i18n: I18n = {
      language: current.language,
      resources: current.translations[current.language],
      hasTranslations: (locale) => current.translations[locale] !== undefined,
      addTranslations: (locale, resources) =>
        setCurrent((previous) => createTranslator(previous.language, { ...previous.translations, [locale]: resources })),
      changeLanguage: (locale) => setCurrent((previous) => createTranslator(locale, previous.translations)),
    };
    return { t: current.t, i18n };
  }, [current]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useTranslation() {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useTranslation needs an I18nProvider above it");
  return value;
}

/** The element that carries the shown language's strings in the page, for the browser to start from. */
export const TRANSLATIONS_ELEMENT_ID = "planboard-translations";

// A language's strings are one object for the process's life: written out once, not per page.
const scriptJsonByResources = new WeakMap<Resources, string>();
function scriptJsonOf(resources: Resources): string {
  let json = scriptJsonByResources.get(resources);
  if (json === undefined) {
    json = JSON.stringify(resources).replace(/</g, "\\u003c");
    scriptJsonByResources.set(resources, json);
  }
  return json;
}

/** The shown language's strings as JSON safe inside a <script> element. */
export function DocumentTranslations() {
  const { i18n } = useTranslation();
  const json = i18n.resources ? scriptJsonOf(i18n.resources) : "null";
  return <script id={TRANSLATIONS_ELEMENT_ID} type="application/json" dangerouslySetInnerHTML={{ __html: json }} />;
}
