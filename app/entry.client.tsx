import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nProvider } from "~/components/i18n";
import { createTranslator, defaultLocale, isLocale } from "~/utils/i18n";
import { loadTranslations } from "~/utils/locale-resources";

const documentLocale = document.documentElement.lang;
const locale = isLocale(documentLocale) ? documentLocale : defaultLocale;

void loadTranslations(locale).then((translations) => {
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
});
