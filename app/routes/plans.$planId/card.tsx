import { memo } from "react";
import { useTranslation } from "react-i18next";
import { formatCalendarDate, wholeDaysBetween } from "~/utils/format";
import type { Locale } from "~/utils/i18n";

export interface CardData {
  id: string;
  title: string;
  columnId: string;
  focusAreaId: string;
  dueOn: string | null;
  columnEnteredAt: string;
  group: { id: string; name: string } | null;
  responsibles: Array<{ id: string; name: string }>;
}

export const CardView = memo(function CardView({ card, locale, now }: { card: CardData; locale: Locale; now: string }) {
  const { t } = useTranslation();
  const days = wholeDaysBetween(card.columnEnteredAt, now);
  return (
    <li className="card">
      <h4 className="card-title">{card.title}</h4>
      <dl className="card-facts">
        <div>
          <dt>{t("card.group")}</dt>
          <dd>{card.group ? card.group.name : t("card.noGroup")}</dd>
        </div>
        {card.responsibles.length > 0 ? (
          <div>
            <dt>{t("card.responsible")}</dt>
            <dd>{card.responsibles.map((person) => person.name).join(", ")}</dd>
          </div>
        ) : null}
      </dl>
      <p className="card-meta">
        <span>{t("card.daysInColumn", { count: days })}</span>
        {card.dueOn ? <span>{t("card.due", { date: formatCalendarDate(card.dueOn, locale) })}</span> : null}
      </p>
    </li>
  );
});
