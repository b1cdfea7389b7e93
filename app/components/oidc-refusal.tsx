import { Link } from "@remix-run/react";
import type { OidcRefusal } from "~/utils/oidc-refusals";
import { useTranslation } from "./i18n";

/** Why a sign-in through the organisation's provider did not go through, and what the person can do about it. */
export function OidcRefusalPage({ refusal, providerName }: { refusal: OidcRefusal; providerName: string | null }) {
  const { t } = useTranslation();
  const provider = providerName ?? t("oidcRefusal.theProvider");
  return (
    <div className="page narrow">
      <h1>{t("oidcRefusal.title")}</h1>
      <p className="alert" role="alert">
        {t(`oidcRefusal.reasons.${refusal}.what`, { provider })}
      </p>
      <p>{t(`oidcRefusal.reasons.${refusal}.todo`, { provider })}</p>
      <p>
        <Link to="/login">{t("oidcRefusal.backToSignIn")}</Link>
      </p>
    </div>
  );
}
