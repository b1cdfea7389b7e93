import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import en from "~/locales/en";
import sv from "~/locales/sv";
import { createTranslator } from "~/utils/i18n";
import { I18nProvider, useTranslation } from "./i18n";

function Count({ count }: { count: number }) {
  const { t, i18n } = useTranslation();
  return (
    <p lang={i18n.language}>
      {t("card.daysInColumn", { count })} {String(i18n.hasTranslations("sv"))}
    </p>
  );
}

describe("I18nProvider", () => {
  it("gives useTranslation the translator it was handed", () => {
    const html = renderToString(
      <I18nProvider translator={createTranslator("en", { en })}>
        <Count count={2} />
      </I18nProvider>,
    );
    expect(html).toBe('<p lang="en">2 days in this column<!-- --> <!-- -->false</p>');
    expect(
      renderToString(
        <I18nProvider translator={createTranslator("sv", { sv, en })}>
          <Count count={1} />
        </I18nProvider>,
      ),
    ).toContain("1 dag i kolumnen");
  });

  it("refuses to translate outside a provider", () => {
    expect(() => renderToString(<Count count={1} />)).toThrow(/I18nProvider/);
  });
});
