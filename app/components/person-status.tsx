import { useTranslation } from "./i18n";

/** Whether a person can sign in: deactivated, active (a password or a linked identity-provider account), or waiting for a password. */
export function PersonStatus({ person }: { person: { deactivatedAt: unknown; hasPassword: boolean; signsInThroughProvider: boolean } }) {
  const { t } = useTranslation();
  if (person.deactivatedAt) return <>{t("people.deactivated")}</>;
  if (person.hasPassword || person.signsInThroughProvider) return <>{t("people.active")}</>;
  return <>{t("people.noPassword")}</>;
}
