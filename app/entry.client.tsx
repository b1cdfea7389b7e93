import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createI18n, defaultLocale, isLocale } from "~/utils/i18n";
import { loadTranslations } from "~/utils/locale-resources";

const documentLocale = document.documentElement.lang;
const locale = isLocale(documentLocale) ? documentLocale : defaultLocale;

void loadTranslations(locale).then((translations) => {
  const i18n = createI18n(locale, { [locale]: translations });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
});
