import type { Resources } from "~/locales/sv";

export const supportedLocales = ["sv", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "sv";

export function isLocale(value: unknown): value is Locale {
  return supportedLocales.includes(value as Locale);
}

/** The BCP 47 tag used for dates and numbers: Swedish and British English formats. */
export const intlLocale: Record<Locale, string> = { sv: "sv-SE", en: "en-GB" };

export type Translations = Partial<Record<Locale, Resources>>;

/** The suffixes Intl.PluralRules gives Swedish and English cardinals; a key is addressed without them. */
type PluralSuffix = "_one" | "_other";
type WithoutPluralSuffix<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K;
type Keys<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPluralSuffix<K>}` : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every string in the Swedish resources, dot-separated; plural keys without `_one`/`_other`. */
export type TranslationKey = Keys<Resources>;
/** `{{name}}` placeholders; `count` also picks the plural form. */
export type TranslationValues = { readonly count?: number; readonly [name: string]: unknown };
export type TFunction = (key: TranslationKey, values?: TranslationValues) => string;

export interface Translator {
  readonly language: Locale;
  /** The languages at hand; the browser starts with one and adds another when the reader switches. */
  readonly translations: Translations;
  readonly t: TFunction;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralCategory(locale: Locale, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(intlLocale[locale])));
  return rules.select(count);
}

function lookup(resources: Resources | undefined, path: readonly string[], last: string): string | undefined {
  let node: unknown = resources;
  for (const segment of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node !== "object" || node === null) return undefined;
  const value = (node as Record<string, unknown>)[last];
  return typeof value === "string" ? value : undefined;
}

function resolve(locale: Locale, resources: Resources | undefined, key: string, count: number | undefined): string | undefined {
  const path = key.split(".");
  const last = path.pop() ?? key;
  if (count !== undefined) {
    const plural = lookup(resources, path, `${last}_${pluralCategory(locale, count)}`);
    if (plural !== undefined) return plural;
  }
  return lookup(resources, path, last);
}

// Values are inserted as they are: React escapes what it renders, and the CSV and feed writers escape for their formats.
function interpolate(template: string, values: TranslationValues | undefined): string {
  if (!values || !template.includes("{{")) return template;
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) return placeholder;
    return value === null ? "" : String(value);
  });
}

/**
 * A translator over the languages at hand: the server has every language; a browser loads only
 * the one it shows (see locale-resources.ts). A key missing in the language falls back to
 * Swedish, and to the key itself when Swedish is not loaded either.
 */
export function createTranslator(language: Locale, translations: Translations): Translator {
  const t: TFunction = (key, values) => {
    const count = values?.count;
    const text =
      resolve(language, translations[language], key, count) ??
      (language === defaultLocale ? undefined : resolve(defaultLocale, translations[defaultLocale], key, count));
    return text === undefined ? key : interpolate(text, values);
  };
  return { language, translations, t };
}
