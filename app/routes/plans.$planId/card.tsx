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
  commentCount: number;
  /** Its place among the unit's priorities, from a priority vote. */
  priority: number | null;
}

interface CardLabels {
  group: string;
  noGroup: string;
  days: (count: number) => string;
  due: (isoDate: string) => string;
  overdue: (isoDate: string) => string;
  comments: (count: number) => string;
  responsible: (name: string) => string;
  handle: (title: string) => string;
  priority: (rank: number) => string;
}

const CardLabelsContext = createContext<CardLabels | null>(null);

const TITLE_SLOT = "\u0000";

/**
 * The words every card uses, translated once per board rather than on each of its cards
 * (translation with plurals and interpolation is the costliest part of rendering a card).
 */
export function CardLabelsProvider({ locale, dueDates, children }: { locale: Locale; dueDates: Record<string, string>; children: ReactNode }) {
  const { t } = useTranslation();
  const labels = useMemo<CardLabels>(() => {
    const counted = (key: "card.daysInColumn" | "card.comments") => {
      const byCount = new Map<number, string>();
      return (count: number) => {
        let text = byCount.get(count);
        if (text === undefined) byCount.set(count, (text = t(key, { count })));
        return text;
      };
    };
    const around = (text: string) => {
      const [before = "", after = ""] = text.split(TITLE_SLOT);
      return (inner: string) => `${before}${inner}${after}`;
    };
    return {
      group: t("card.group"),
      noGroup: t("card.noGroup"),
      days: counted("card.daysInColumn"),
      // Formatted here only for a date the board was not sent with (a card changed since).
      due: (isoDate) => t("card.due", { date: dueDates[isoDate] ?? formatCalendarDate(isoDate, locale) }),
      overdue: (isoDate) => t("card.overdue", { date: dueDates[isoDate] ?? formatCalendarDate(isoDate, locale) }),
      comments: counted("card.comments"),
      responsible: around(t("card.responsibleNamed", { name: TITLE_SLOT })),
      handle: around(t("dnd.handle", { title: TITLE_SLOT })),
      priority: (rank) => t("votes.priority", { rank }),
    };
  }, [t, locale, dueDates]);
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
  /** Whether the card is past its due date and not done. */
  overdue: boolean;
  /** Whether the title links to the assignment's page (not on a shared, anonymous board). */
  linked: boolean;
  /** The board's filter, kept in the card's link so that closing the card returns to the same board. */
  linkSearch: string;
}

const GROUP_TONES = 8;

/** A group's colour, one of a few, always the same for the group (its name is always shown too). */
function groupTone(groupId: string): number {
  let sum = 0;
  for (let index = 0; index < groupId.length; index++) sum += groupId.charCodeAt(index);
  return sum % GROUP_TONES;
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const first = words[0]?.[0] ?? "";
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? "") : "";
  return `${first}${last}`.toUpperCase();
}

/** What a card shows: its group as a coloured chip, its responsible people as initials, its dates and comments. */
export function CardBody({ card, planId, days, overdue, linked, linkSearch }: CardBodyProps) {
  const labels = useCardLabels();
  return (
    <>
      <h4 className="card-title">
        {/* A plain link: the board follows all of its links with one handler (see BoardView). */}
        {linked ? (
          <a href={`/plans/${planId}/cards/${card.id}${linkSearch}`} data-board-link="">
            {card.title}
          </a>
        ) : (
          card.title
        )}
      </h4>
      <p className="card-people">
        {card.group ? (
          <span className={`chip tone-${groupTone(card.group.id)}`}>
            <span className="visually-hidden">{labels.group}: </span>
            {card.group.name}
          </span>
        ) : (
          <span className="chip">{labels.noGroup}</span>
        )}
        {card.responsibles.map((person) => (
          <span key={person.id} className="avatar" role="img" aria-label={labels.responsible(person.name)} title={person.name}>
            {initials(person.name)}
          </span>
        ))}
      </p>
      <p className="card-meta">
        {card.priority != null ? (
          <>
            <span className="priority">{labels.priority(card.priority)}</span>
            {" · "}
          </>
        ) : null}
        {labels.days(days)}
        {card.dueOn ? (
          <>
            {" · "}
            <span className={overdue ? "due overdue" : "due"}>{overdue ? labels.overdue(card.dueOn) : labels.due(card.dueOn)}</span>
          </>
        ) : null}
        {card.commentCount > 0 ? ` · ${labels.comments(card.commentCount)}` : null}
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
      <CardBody
        card={props.card}
        planId={props.planId}
        days={props.days}
        overdue={props.overdue}
        linked={props.linked}
        linkSearch={props.linkSearch}
      />
    </li>
  );
});

/**
 * A card the viewer may move: dragged by the pointer anywhere on it (the board listens for that,
 * once for all its cards), or from the keyboard by its handle.
 */
function MovableCard({ card, planId, days, overdue, linked, linkSearch, moving }: CardItemProps) {
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
      <CardBody card={card} planId={planId} days={days} overdue={overdue} linked={linked} linkSearch={linkSearch} />
    </li>
  );
}
