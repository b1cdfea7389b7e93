import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createI18n, defaultLocale, isLocale } from "~/utils/i18n";

const documentLocale = document.documentElement.lang;
const i18n = createI18n(isLocale(documentLocale) ? documentLocale : defaultLocale);

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
