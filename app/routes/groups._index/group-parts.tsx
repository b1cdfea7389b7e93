import { useTranslation } from "~/components/i18n";
import type { GroupStatus } from "~/models/group.server";
import { formatCalendarDate, TIME_ZONE } from "~/utils/format";
import { intlLocale, type Locale } from "~/utils/i18n";

/** Running, upcoming or ended, as a word (never colour alone). */
export function StatusBadge({ status }: { status: GroupStatus }) {
  const { t } = useTranslation();
  return <span className={`status-badge status-${status}`}>{t(`groups.status.${status}`)}</span>;
}

export function Period({ from, to, locale }: { from: string; to: string; locale: Locale }) {
  const { t } = useTranslation();
  return <>{t("groups.period", { from: formatCalendarDate(from, locale), to: formatCalendarDate(to, locale) })}</>;
}

/** The day of an instant, as it was in Stockholm. */
export function formatDay(instant: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeZone: TIME_ZONE }).format(new Date(instant));
}
