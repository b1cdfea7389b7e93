import { createContext, memo, useContext, useMemo, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "~/components/i18n";
import { formatCalendarDate } from "~/utils/format";
import type { Locale } from "~/utils/i18n";

export interface CardData {
  id: string;
  title: string;
  columnId: string;
  focusAreaId: string;
  position: string;
  dueOn: string | null;
  columnEnteredAt: string;
  version: number;
  group: { id: string; name: string } | null;
  responsibles: Array<{ id: string; name: string }>;
}

interface CardLabels {
  group: string;
  noGroup: string;
  responsible: string;
  days: (count: number) => string;
  due: (isoDate: string) => string;
  handle: (title: string) => string;
}

const CardLabelsContext = createContext<CardLabels | null>(null);

const TITLE_SLOT = "\u0000";

/**
 * The words every card uses, translated once per board rather than on each of its cards
 * (translation with plurals and interpolation is the costliest part of rendering a card).
 */
export function CardLabelsProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const { t } = useTranslation();
  const labels = useMemo<CardLabels>(() => {
    const daysByCount = new Map<number, string>();
    const [handleBefore = "", handleAfter = ""] = t("dnd.handle", { title: TITLE_SLOT }).split(TITLE_SLOT);
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
      handle: (title) => `${handleBefore}${title}${handleAfter}`,
    };
  }, [t, locale]);
  return <CardLabelsContext.Provider value={labels}>{children}</CardLabelsContext.Provider>;
}

function useCardLabels(): CardLabels {
  const labels = useContext(CardLabelsContext);
  if (!labels) throw new Error("cards need a CardLabelsProvider");
  return labels;
}

/** The keyboard path of moving cards, handled once by the board for all its cards. */
export interface CardKeyboard {
  onHandleKeyDown: (cardId: string, event: KeyboardEvent<HTMLButtonElement>) => void;
  onHandleBlur: (cardId: string) => void;
}
export const CardKeyboardContext = createContext<CardKeyboard | null>(null);

interface CardBodyProps {
  card: CardData;
  planId: string;
  days: number;
  /** Whether the title links to the assignment's page (not on a shared, anonymous board). */
  linked: boolean;
}

/** What a card shows. */
export function CardBody({ card, planId, days, linked }: CardBodyProps) {
  const labels = useCardLabels();
  return (
    <>
      <h4 className="card-title">
        {/* A plain link: the board follows all of its links with one handler (see BoardView). */}
        {linked ? (
          <a href={`/plans/${planId}/assignments/${card.id}`} data-board-link="card">
            {card.title}
          </a>
        ) : (
          card.title
        )}
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
}

interface CardItemProps extends CardBodyProps {
  /** Whether this viewer may move the card. */
  movable: boolean;
  /** Whether the card is being moved right now (picked up by keyboard or pointer). */
  moving: boolean;
}

/** One card on the board; re-rendered only when the card, its age, or its being moved changes. */
export const CardItem = memo(function CardItem(props: CardItemProps) {
  if (props.movable) return <MovableCard {...props} />;
  return (
    <li className="card" id={`card-${props.card.id}`}>
      <CardBody card={props.card} planId={props.planId} days={props.days} linked={props.linked} />
    </li>
  );
});

/**
 * A card the viewer may move: dragged by the pointer anywhere on it (the board listens for that,
 * once for all its cards), or from the keyboard by its handle.
 */
function MovableCard({ card, planId, days, linked, moving }: CardItemProps) {
  const labels = useCardLabels();
  const keyboard = useContext(CardKeyboardContext);
  return (
    <li id={`card-${card.id}`} className={moving ? "card movable moving" : "card movable"}>
      <button
        type="button"
        id={`handle-${card.id}`}
        className="drag-handle"
        aria-label={labels.handle(card.title)}
        aria-describedby="board-move-instructions"
        aria-pressed={moving ? true : undefined}
        onKeyDown={(event) => keyboard?.onHandleKeyDown(card.id, event)}
        onBlur={() => keyboard?.onHandleBlur(card.id)}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <CardBody card={card} planId={planId} days={days} linked={linked} />
    </li>
  );
}
