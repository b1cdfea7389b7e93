import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nProvider, TRANSLATIONS_ELEMENT_ID } from "~/components/i18n";
import type { Resources } from "~/locales/sv";
import { createTranslator, defaultLocale, isLocale } from "~/utils/i18n";
import { loadTranslations } from "~/utils/locale-resources";

const documentLocale = document.documentElement.lang;
const locale = isLocale(documentLocale) ? documentLocale : defaultLocale;

function hydrate(translations: Resources) {
  const translator = createTranslator(locale, { [locale]: translations });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nProvider translator={translator}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nProvider>,
    );
  });
}

// The page carries the strings of the language it shows: no request stands between the scripts
// and hydration. A page without them (none seen yet) fetches the language's chunk instead.
const sent = document.getElementById(TRANSLATIONS_ELEMENT_ID)?.textContent;
const translations = sent ? (JSON.parse(sent) as Resources | null) : null;
if (translations) hydrate(translations);
else void loadTranslations(locale).then(hydrate);
