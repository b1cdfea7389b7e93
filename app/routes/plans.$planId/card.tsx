import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Link } from "@remix-run/react";
import { memo, type KeyboardEventHandler } from "react";
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
  version: number;
  group: { id: string; name: string } | null;
  responsibles: Array<{ id: string; name: string }>;
}

export interface BoardShape {
  id: string;
  columns: Array<{ id: string; name: string }>;
}

interface CardBodyProps {
  card: CardData;
  planId: string;
  locale: Locale;
  days: number;
}

/** What a card shows; re-rendered only when the card itself, its age or the language changes. */
export const CardBody = memo(
  function CardBody({ card, planId, locale, days }: CardBodyProps) {
    const { t } = useTranslation();
    return (
      <>
        <h4 className="card-title">
          <Link to={`/plans/${planId}/assignments/${card.id}`}>{card.title}</Link>
        </h4>
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
      </>
    );
  },
  (before, after) =>
    before.card.id === after.card.id &&
    before.card.version === after.card.version &&
    before.days === after.days &&
    before.locale === after.locale &&
    before.planId === after.planId,
);

interface CardProps {
  card: CardData;
  board: BoardShape;
  locale: Locale;
  now: string;
  position: number;
}

/** A card nobody viewing may move: no drag and drop, no move form. */
export function StaticCard({ card, board, locale, now }: CardProps) {
  return (
    <li className="card" id={`card-${card.id}`}>
      <CardBody card={card} planId={board.id} locale={locale} days={wholeDaysBetween(card.columnEnteredAt, now)} />
    </li>
  );
}

/** A card the viewer may move: dragged by the pointer anywhere on it, or from the keyboard by its handle. */
export function SortableCard({ card, board, locale, now, position }: CardProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
  });
  // Mouse and touch pick the card up anywhere on it; the keyboard picks it up by its handle.
  const { onKeyDown, ...pointerListeners } = listeners ?? {};
  return (
    <li
      ref={setNodeRef}
      id={`card-${card.id}`}
      className={isDragging ? "card movable dragging" : "card movable"}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      {...pointerListeners}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="drag-handle"
        {...attributes}
        onKeyDown={onKeyDown as KeyboardEventHandler | undefined}
        aria-label={t("dnd.handle", { title: card.title })}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <CardBody card={card} planId={board.id} locale={locale} days={wholeDaysBetween(card.columnEnteredAt, now)} />
      <noscript>
        <MoveForm card={card} board={board} position={position} />
      </noscript>
    </li>
  );
}

/** The same move without JavaScript: pick a column and a position, and submit. */
function MoveForm({ card, board, position }: { card: CardData; board: BoardShape; position: number }) {
  const { t } = useTranslation();
  return (
    <form method="post" action={`/plans/${board.id}`} className="move-form">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="returnTo" value="board" />
      <input type="hidden" name="assignmentId" value={card.id} />
      <input type="hidden" name="version" value={card.version} />
      <input type="hidden" name="toFocusAreaId" value={card.focusAreaId} />
      <span>
        <label htmlFor={`move-column-${card.id}`}>{t("dnd.formColumn")}</label>
        <select id={`move-column-${card.id}`} name="toColumnId" defaultValue={card.columnId}>
          {board.columns.map((column) => (
            <option key={column.id} value={column.id}>
              {column.name}
            </option>
          ))}
        </select>
      </span>
      <span>
        <label htmlFor={`move-position-${card.id}`}>{t("dnd.formPosition")}</label>
        <input id={`move-position-${card.id}`} type="number" name="position" min={1} defaultValue={position} inputMode="numeric" />
      </span>
      <button type="submit">{t("dnd.formSubmit", { title: card.title })}</button>
    </form>
  );
}
