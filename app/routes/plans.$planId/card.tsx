import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Link } from "@remix-run/react";
import { createContext, memo, useContext, useMemo, type KeyboardEventHandler, type ReactNode } from "react";
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
  /** Whether the title links to the assignment's page (not on a shared, anonymous board). */
  linked: boolean;
}

interface CardLabels {
  group: string;
  noGroup: string;
  responsible: string;
  days: (count: number) => string;
  due: (isoDate: string) => string;
}

const CardLabelsContext = createContext<CardLabels | null>(null);

/**
 * The words every card uses, translated once per board rather than on each of its thousands of
 * cards (translation with plurals is the costliest part of rendering a card).
 */
export function CardLabelsProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const { t } = useTranslation();
  const labels = useMemo<CardLabels>(() => {
    const daysByCount = new Map<number, string>();
    return {
      group: t("card.group"),
      noGroup: t("card.noGroup"),
      responsible: t("card.responsible"),
      days: (count) => {
        let text = daysByCount.get(count);
        if (text === undefined) daysByCount.set(count, (text = t("card.daysInColumn", { count })));
        return text;
      },
      due: (isoDate) => t("card.due", { date: formatCalendarDate(isoDate, locale) }),
    };
  }, [t, locale]);
  return <CardLabelsContext.Provider value={labels}>{children}</CardLabelsContext.Provider>;
}

/** What a card shows; re-rendered only when the card itself, its age or the language changes. */
export const CardBody = memo(
  function CardBody({ card, planId, days, linked }: CardBodyProps) {
    const labels = useContext(CardLabelsContext);
    if (!labels) throw new Error("CardBody needs a CardLabelsProvider");
    return (
      <>
        <h4 className="card-title">
          {linked ? <Link to={`/plans/${planId}/assignments/${card.id}`}>{card.title}</Link> : card.title}
        </h4>
        <p className="card-fact">
          {labels.group}: <span>{card.group ? card.group.name : labels.noGroup}</span>
        </p>
        {card.responsibles.length > 0 ? (
          <p className="card-fact">
            {labels.responsible}: <span>{card.responsibles.map((person) => person.name).join(", ")}</span>
          </p>
        ) : null}
        <p className="card-meta">
          {labels.days(days)}
          {card.dueOn ? ` · ${labels.due(card.dueOn)}` : null}
        </p>
      </>
    );
  },
  (before, after) =>
    before.card.id === after.card.id &&
    before.card.version === after.card.version &&
    before.days === after.days &&
    before.locale === after.locale &&
    before.planId === after.planId &&
    before.linked === after.linked,
);

interface CardProps {
  card: CardData;
  board: BoardShape;
  locale: Locale;
  now: string;
  position: number;
  linked: boolean;
}

/** A card nobody viewing may move: no drag and drop, no move form. */
export function StaticCard({ card, board, locale, now, linked }: CardProps) {
  return (
    <li className="card" id={`card-${card.id}`}>
      <CardBody card={card} planId={board.id} locale={locale} days={wholeDaysBetween(card.columnEnteredAt, now)} linked={linked} />
    </li>
  );
}

/** A card the viewer may move: dragged by the pointer anywhere on it, or from the keyboard by its handle. */
export function SortableCard({ card, board, locale, now, position, linked }: CardProps) {
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
      <CardBody card={card} planId={board.id} locale={locale} days={wholeDaysBetween(card.columnEnteredAt, now)} linked={linked} />
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
