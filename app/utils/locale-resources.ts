import type { Resources } from "~/locales/sv";
import type { Locale } from "./i18n";

/**
 * A browser loads the one language it shows (each is a chunk of its own), and another only when
 * the reader switches to it: shipping both would cost the board a tenth of its script budget.
 */
export async function loadTranslations(locale: Locale): Promise<Resources> {
  const module = locale === "en" ? await import("~/locales/en") : await import("~/locales/sv");
  return module.default;
}
