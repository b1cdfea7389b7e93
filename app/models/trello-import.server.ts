import { trelloBoardSchema, type TrelloAction, type TrelloBoard } from "~/schemas/trello.server";
import { calendarDateOf } from "~/utils/format";

// Reading a Trello board export and planning what it becomes here. Pure: nothing is written (see
// plan-import.server.ts), so the preview and the import are the same computation.

/** Why a file is not a Trello board export we can read; `path` names the place in the JSON. */
export type TrelloReadError =
  | { code: "not-json"; line: number | null; column: number | null }
  | { code: "truncated" }
  | { code: "other-shape"; shape: "trello-card" | "trello-list" | "wekan" | "planka" | "unknown" }
  | { code: "invalid"; path: string; problem: "date" | "duplicate-id" | "missing" | "type" };

export type TrelloReadResult = { ok: true; board: TrelloBoard } | { ok: false; error: TrelloReadError };

/** `lists[3].name`, as a person finds it in the file. */
function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), "");
}

function lineAndColumn(text: string, position: number) {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, column: position - before.lastIndexOf("\n") };
}

function shapeOf(value: unknown): Extract<TrelloReadError, { code: "other-shape" }>["shape"] | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "unknown";
  const object = value as Record<string, unknown>;
  if ("_id" in object || "swimlanes" in object) return "wekan";
  // Planka has no export of its own: what people have is its API's answer for a board.
  if (typeof object.included === "object" && object.included !== null && "item" in object) return "planka";
  if (!Array.isArray(object.lists) && "idList" in object && "idBoard" in object) return "trello-card";
  if (!Array.isArray(object.cards) && "idBoard" in object && "pos" in object) return "trello-list";
  if (!Array.isArray(object.lists) || !Array.isArray(object.cards)) return "unknown";
  return null;
}

/** Parses and checks an export's text. Never throws: a file that is not a board says why and where. */
export function readTrelloExport(text: string): TrelloReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/end of (JSON )?input|Unterminated/i.test(message) && text.trim().startsWith("{")) return { ok: false, error: { code: "truncated" } };
    // V8 names the position of most faults; for a file that is not JSON from its first character it does not.
    const named = /position (\d+)/.exec(message);
    const first = text.search(/\S/);
    const position = named ? Number(named[1]) : first >= 0 && !"{[".includes(text[first]!) ? first : null;
    const place = position === null ? { line: null, column: null } : lineAndColumn(text, position);
    return { ok: false, error: { code: "not-json", ...place } };
  }
  const shape = shapeOf(value);
  if (shape) return { ok: false, error: { code: "other-shape", shape } };
  const parsed = trelloBoardSchema.safeParse(value);
  if (parsed.success) return { ok: true, board: parsed.data };
  const issue = parsed.error.issues[0]!;
  const problem =
    issue.message === "errors.import.date"
      ? "date"
      : issue.message === "errors.import.duplicateId"
        ? "duplicate-id"
        : issue.code === "invalid_type" && "input" in issue && issue.input === undefined
          ? "missing"
          : "type";
  return { ok: false, error: { code: "invalid", path: pathText(issue.path), problem } };
}

/** Trello's ids are MongoDB object ids: their first eight hex digits are the creation time in seconds. */
export function creationTimeOfId(id: string): Date | null {
  if (!/^[0-9a-f]{24}$/i.test(id)) return null;
  const seconds = Number.parseInt(id.slice(0, 8), 16);
  return seconds > 0 ? new Date(seconds * 1000) : null;
}

const DONE_NAME = /^(klar[at]?|f[äa]rdig[at]?|avslutad[e]?|done|complete[d]?|finished|closed)\b/i;

/** Where a list's cards go and what a label becomes, as the person importing chose. */
export interface TrelloMapping {
  /** Closed lists become columns like the others, or their cards are archived. */
  closedLists: "columns" | "archive";
  /** The lists whose column counts as done. */
  doneListIds: string[];
  /** Each label a focus area (a card with several goes to its first), or one focus area for all. */
  focusAreas: "labels" | "single";
  /** Each member's person here, or null to keep the member as a name in history only. */
  people: Record<string, string | null>;
}

/** A person of the organisation, for matching members by name or e-mail. */
export interface KnownPerson {
  id: string;
  name: string;
  email: string;
}

/** The words the plan needs where the export has none, in the importing person's language. */
export interface ImportWords {
  untitledBoard: string;
  untitledCard: string;
  untitledList: string;
  unlabelled: string;
  unknownPerson: string;
  singleFocusArea: string;
  checklist: string;
}

export type ImportProblem =
  | { code: "partial-history"; actions: number; earliest: string | null }
  | { code: "missing-creation"; cards: number }
  | { code: "unknown-list-in-history"; names: string[] }
  | { code: "unknown-member"; names: string[] }
  | { code: "deleted-cards"; actions: number }
  | { code: "card-in-unknown-list"; cards: number; column: string }
  | { code: "history-disagrees"; cards: number }
  | { code: "out-of-order"; actions: number }
  | { code: "untitled"; cards: number; lists: number; labels: number; members: number }
  | { code: "several-labels"; cards: number }
  | { code: "shortened"; titles: number; descriptions: number }
  | { code: "unlabelled"; cards: number; name: string };

export interface PlannedEvent {
  kind: "created" | "moved" | "archived" | "restored";
  occurredAt: Date;
  actorPersonId: string | null;
  actorName: string;
  /** Column keys (Trello list ids) where the list is a column here; names as Trello recorded them. */
  fromColumn: { key: string | null; name: string } | null;
  toColumn: { key: string | null; name: string } | null;
  focusArea: string | null;
}

export interface PlannedAssignment {
  sourceId: string;
  title: string;
  description: string;
  dueOn: string | null;
  columnKey: string;
  focusAreaKey: string;
  archived: boolean;
  createdAt: Date;
  columnEnteredAt: Date;
  responsibleIds: string[];
  events: PlannedEvent[];
  comments: Array<{ authorPersonId: string | null; authorName: string; body: string; createdAt: Date }>;
}

export interface ImportPlan {
  source: string;
  title: string;
  description: string;
  columns: Array<{ key: string; name: string; isDone: boolean }>;
  focusAreas: Array<{ key: string; name: string }>;
  /** In board order: by column, then by Trello's position within it. */
  assignments: PlannedAssignment[];
}

export interface TrelloPreview {
  board: { id: string; name: string };
  counts: {
    lists: number;
    closedLists: number;
    openCards: number;
    closedCards: number;
    labels: number;
    checklists: number;
    checkItems: number;
    comments: number;
    members: number;
    moves: number;
    creations: number;
  };
  /** The first and last day the export's history covers, and whether Trello cut it short. */
  history: { from: string | null; to: string | null; partial: boolean };
  lists: Array<{ id: string; name: string; closed: boolean; done: boolean; cards: number }>;
  labels: Array<{ id: string; name: string; color: string | null; cards: number }>;
  members: Array<{ id: string; name: string; personId: string | null; cards: number; actions: number }>;
  mapping: TrelloMapping;
  problems: ImportProblem[];
  plan: ImportPlan;
}

/** Trello keeps only the newest actions of a board, this many. */
export const TRELLO_ACTION_CAP = 1000;
const TITLE_MAX = 200;
const DESCRIPTION_MAX = 10_000;
const SINGLE_FOCUS_AREA = "single";
const UNLABELLED = "unlabelled";

const isMove = (action: TrelloAction) => action.type === "updateCard" && Boolean(action.data.listBefore && action.data.listAfter);
const isCreation = (action: TrelloAction) =>
  ["createCard", "copyCard", "convertToCardFromCheckItem", "moveCardToBoard", "emailCard"].includes(action.type);
const closedChange = (action: TrelloAction) =>
  action.type === "updateCard" && action.data.old?.closed !== undefined && action.data.card?.closed !== undefined ? action.data.card.closed : null;

/** The mapping an import starts from: every member matched by name or e-mail where one person has it. */
export function defaultTrelloMapping(board: TrelloBoard, people: KnownPerson[]): TrelloMapping {
  const byName = new Map<string, string[]>();
  const byEmail = new Map<string, string>();
  for (const person of people) {
    const key = person.name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), person.id]);
    byEmail.set(person.email.trim().toLowerCase(), person.id);
  }
  const matches: Record<string, string | null> = {};
  for (const member of board.members) {
    const email = member.email?.trim().toLowerCase();
    const named = byName.get(member.fullName.trim().toLowerCase());
    matches[member.id] = (email ? byEmail.get(email) : undefined) ?? (named?.length === 1 ? named[0]! : null);
  }
  return {
    closedLists: "archive",
    doneListIds: board.lists.filter((list) => DONE_NAME.test(list.name.trim())).map((list) => list.id),
    focusAreas: board.labels.length > 0 ? "labels" : "single",
    people: matches,
  };
}

function shorten(text: string, max: number): [string, boolean] {
  return text.length <= max ? [text, false] : [`${text.slice(0, max - 1)}…`, true];
}

/** A card's checklists as Markdown task lists, after its description. */
function checklistsMarkdown(board: TrelloBoard, cardId: string, untitled: string): string {
  return board.checklists
    .filter((checklist) => checklist.idCard === cardId)
    .sort((a, b) => a.pos - b.pos)
    .map((checklist) => {
      const items = [...checklist.checkItems].sort((a, b) => a.pos - b.pos).map((item) => `- [${item.state === "complete" ? "x" : " "}] ${item.name}`);
      return [`### ${checklist.name.trim() || untitled}`, ...items].join("\n");
    })
    .join("\n\n");
}

/**
 * What the export becomes under `mapping`: the preview's figures and problems, and the plan the
 * import writes. History is kept as Trello recorded it (its dates, its actors, its list names);
 * where a card is now is taken from the card, and a move is added where the two disagree.
 */
export function planTrelloImport(board: TrelloBoard, mapping: TrelloMapping, words: ImportWords, importedAt: Date): TrelloPreview {
  const lists = new Map(board.lists.map((list) => [list.id, list]));
  const cards = new Map(board.cards.map((card) => [card.id, card]));
  const labels = new Map(board.labels.map((label) => [label.id, label]));
  const members = new Map(board.members.map((member) => [member.id, member]));
  const people = mapping.people;
  const doneLists = new Set(mapping.doneListIds);
  const problems: ImportProblem[] = [];

  // Columns: open lists in Trello's order, then closed ones when they are kept as columns.
  const byPosition = [...board.lists].sort((a, b) => a.pos - b.pos);
  const columnLists = byPosition.filter((list) => !list.closed || mapping.closedLists === "columns");
  const columns = columnLists.map((list) => ({ key: list.id, name: list.name.trim() || words.untitledList, isDone: doneLists.has(list.id) }));
  if (columns.length === 0) columns.push({ key: "untitled-list", name: words.untitledList, isDone: false });
  const columnKeys = new Set(columns.map((column) => column.key));
  // Where cards of a closed list (archived) or of a list not in the export go.
  const fallbackColumn = columns.find((column) => column.isDone) ?? columns[columns.length - 1]!;

  // Actions, oldest first; Trello lists them newest first.
  const actions = [...board.actions].reverse();
  let outOfOrder = 0;
  for (let index = 1; index < actions.length; index++) if (actions[index]!.date < actions[index - 1]!.date) outOfOrder++;
  if (outOfOrder > 0) problems.push({ code: "out-of-order", actions: outOfOrder });
  actions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const actorOf = (action: TrelloAction) => {
    const memberId = action.idMemberCreator ?? action.memberCreator?.id ?? null;
    const member = memberId ? members.get(memberId) : undefined;
    const name = member?.fullName.trim() || action.memberCreator?.fullName.trim() || member?.username || action.memberCreator?.username || words.unknownPerson;
    return { personId: memberId ? (people[memberId] ?? null) : null, name, memberId, known: Boolean(member) };
  };

  // Focus areas.
  const focusAreas: Array<{ key: string; name: string }> = [];
  const focusAreaOf = new Map<string, string>();
  let severalLabels = 0;
  let unlabelled = 0;
  const cardsByLabel = new Map<string, number>();
  for (const card of board.cards) {
    const first = card.idLabels.find((labelId) => labels.has(labelId));
    if (card.idLabels.filter((labelId) => labels.has(labelId)).length > 1) severalLabels++;
    if (first) cardsByLabel.set(first, (cardsByLabel.get(first) ?? 0) + 1);
    if (mapping.focusAreas === "single") focusAreaOf.set(card.id, SINGLE_FOCUS_AREA);
    else if (first) focusAreaOf.set(card.id, first);
    else {
      focusAreaOf.set(card.id, UNLABELLED);
      unlabelled++;
    }
  }
  if (mapping.focusAreas === "single") focusAreas.push({ key: SINGLE_FOCUS_AREA, name: words.singleFocusArea });
  else {
    for (const label of board.labels) if (cardsByLabel.has(label.id)) focusAreas.push({ key: label.id, name: label.name.trim() || label.color || words.unlabelled });
    if (unlabelled > 0) {
      focusAreas.push({ key: UNLABELLED, name: words.unlabelled });
      problems.push({ code: "unlabelled", cards: unlabelled, name: words.unlabelled });
    }
    if (severalLabels > 0) problems.push({ code: "several-labels", cards: severalLabels });
  }
  if (focusAreas.length === 0) focusAreas.push({ key: SINGLE_FOCUS_AREA, name: words.singleFocusArea });
  const focusAreaNames = new Map(focusAreas.map((area) => [area.key, area.name]));

  // History per card.
  const actionsByCard = new Map<string, TrelloAction[]>();
  const unknownLists = new Set<string>();
  const unknownMembers = new Set<string>();
  let deletedCardActions = 0;
  let comments = 0;
  let moves = 0;
  let creations = 0;
  for (const action of actions) {
    const cardId = action.data.card?.id;
    if (!cardId) continue;
    if (!cards.has(cardId)) {
      if (isMove(action) || isCreation(action) || action.type === "commentCard") deletedCardActions++;
      continue;
    }
    if (action.type === "commentCard") comments++;
    if (isMove(action)) moves++;
    if (isCreation(action)) creations++;
    for (const list of [action.data.list, action.data.listBefore, action.data.listAfter]) {
      if (list && !lists.has(list.id) && (isMove(action) || isCreation(action))) unknownLists.add(list.name?.trim() || list.id);
    }
    const actor = actorOf(action);
    if (actor.memberId && !actor.known) unknownMembers.add(actor.name);
    const ofCard = actionsByCard.get(cardId);
    if (ofCard) ofCard.push(action);
    else actionsByCard.set(cardId, [action]);
  }
  if (unknownLists.size > 0) problems.push({ code: "unknown-list-in-history", names: [...unknownLists] });
  if (unknownMembers.size > 0) problems.push({ code: "unknown-member", names: [...unknownMembers] });
  if (deletedCardActions > 0) problems.push({ code: "deleted-cards", actions: deletedCardActions });

  const columnRef = (list: { id: string; name?: string } | null | undefined) =>
    list ? { key: columnKeys.has(list.id) ? list.id : null, name: list.name?.trim() || lists.get(list.id)?.name.trim() || words.untitledList } : null;

  let missingCreation = 0;
  let disagreeing = 0;
  let inUnknownList = 0;
  let shortenedTitles = 0;
  let shortenedDescriptions = 0;
  const planned: PlannedAssignment[] = [];
  const listOrder = new Map(columns.map((column, index) => [column.key, index]));
  const sortedCards = [...board.cards].sort((a, b) => {
    const columnA = listOrder.get(a.idList) ?? Number.MAX_SAFE_INTEGER;
    const columnB = listOrder.get(b.idList) ?? Number.MAX_SAFE_INTEGER;
    return columnA - columnB || a.pos - b.pos;
  });
  for (const card of sortedCards) {
    const list = lists.get(card.idList);
    if (!list) inUnknownList++;
    const inClosedList = list?.closed === true && mapping.closedLists === "archive";
    const columnKey = list && columnKeys.has(list.id) ? list.id : fallbackColumn.key;
    const focusAreaKey = focusAreaOf.get(card.id)!;
    const history = actionsByCard.get(card.id) ?? [];
    const events: PlannedEvent[] = [];
    const focusArea = focusAreaNames.get(focusAreaKey) ?? null;
    const creation = history.find(isCreation);
    const firstMove = history.find(isMove);
    if (creation) {
      const actor = actorOf(creation);
      events.push({
        kind: "created",
        occurredAt: new Date(creation.date),
        actorPersonId: actor.personId,
        actorName: actor.name,
        fromColumn: null,
        toColumn: columnRef(creation.data.list ?? firstMove?.data.listBefore ?? { id: card.idList }),
        focusArea,
      });
    } else {
      missingCreation++;
      const createdAt = creationTimeOfId(card.id) ?? (history[0] ? new Date(history[0].date) : importedAt);
      events.push({
        kind: "created",
        occurredAt: history[0] && new Date(history[0].date) < createdAt ? new Date(history[0].date) : createdAt,
        actorPersonId: null,
        actorName: words.unknownPerson,
        fromColumn: null,
        toColumn: columnRef(firstMove?.data.listBefore ?? { id: card.idList }),
        focusArea,
      });
    }
    let archived = false;
    for (const action of history) {
      const actor = actorOf(action);
      if (isMove(action)) {
        events.push({
          kind: "moved",
          occurredAt: new Date(action.date),
          actorPersonId: actor.personId,
          actorName: actor.name,
          fromColumn: columnRef(action.data.listBefore),
          toColumn: columnRef(action.data.listAfter),
          focusArea,
        });
      }
      const closed = closedChange(action);
      if (closed !== null && closed !== archived) {
        archived = closed;
        events.push({ kind: closed ? "archived" : "restored", occurredAt: new Date(action.date), actorPersonId: actor.personId, actorName: actor.name, fromColumn: null, toColumn: null, focusArea });
      }
    }
    // What the import itself adds comes after the card's last recorded event, at its last activity if later.
    const addAfterHistory = (event: Pick<PlannedEvent, "kind" | "fromColumn" | "toColumn">) => {
      const last = events[events.length - 1]!.occurredAt;
      const activity = card.dateLastActivity ? new Date(card.dateLastActivity) : null;
      events.push({ ...event, occurredAt: activity && activity > last ? activity : last, actorPersonId: null, actorName: words.unknownPerson, focusArea });
    };
    // The card's list is where it is now: a history that ends elsewhere gets the move it lacks.
    const lastPlace = [...events].reverse().find((event) => event.toColumn)?.toColumn ?? null;
    const here = { key: columnKey, name: columns.find((column) => column.key === columnKey)!.name };
    if (lastPlace && list && columnKeys.has(list.id) && lastPlace.key !== columnKey && lastPlace.name !== here.name) {
      disagreeing++;
      addAfterHistory({ kind: "moved", fromColumn: lastPlace, toColumn: here });
    }
    const shouldArchive = card.closed || inClosedList;
    if (shouldArchive && !archived) addAfterHistory({ kind: "archived", fromColumn: null, toColumn: null });
    const enteredAt = [...events].reverse().find((event) => event.toColumn)?.occurredAt ?? events[0]!.occurredAt;

    const [title, titleShortened] = shorten(card.name.trim() || words.untitledCard, TITLE_MAX);
    const checklists = checklistsMarkdown(board, card.id, words.checklist);
    const [description, descriptionShortened] = shorten([card.desc.trim(), checklists].filter(Boolean).join("\n\n"), DESCRIPTION_MAX);
    if (titleShortened) shortenedTitles++;
    if (descriptionShortened) shortenedDescriptions++;
    planned.push({
      sourceId: card.id,
      title,
      description,
      dueOn: card.due ? calendarDateOf(card.due) : null,
      columnKey,
      focusAreaKey,
      archived: shouldArchive,
      createdAt: events[0]!.occurredAt,
      columnEnteredAt: enteredAt,
      responsibleIds: [...new Set(card.idMembers.map((memberId) => people[memberId]).filter((personId): personId is string => Boolean(personId)))],
      events,
      comments: history
        .filter((action) => action.type === "commentCard" && action.data.text !== undefined)
        .map((action) => {
          const actor = actorOf(action);
          return { authorPersonId: actor.personId, authorName: actor.name, body: action.data.text!, createdAt: new Date(action.date) };
        }),
    });
  }
  if (missingCreation > 0) problems.push({ code: "missing-creation", cards: missingCreation });
  if (inUnknownList > 0) problems.push({ code: "card-in-unknown-list", cards: inUnknownList, column: fallbackColumn.name });
  if (disagreeing > 0) problems.push({ code: "history-disagrees", cards: disagreeing });
  if (shortenedTitles + shortenedDescriptions > 0) problems.push({ code: "shortened", titles: shortenedTitles, descriptions: shortenedDescriptions });
  const untitled = {
    cards: board.cards.filter((card) => !card.name.trim()).length,
    lists: board.lists.filter((list) => !list.name.trim()).length,
    labels: board.labels.filter((label) => !label.name.trim()).length,
    members: board.members.filter((member) => !member.fullName.trim()).length,
  };
  if (untitled.cards + untitled.lists + untitled.labels + untitled.members > 0) problems.push({ code: "untitled", ...untitled });
  const dates = actions.map((action) => action.date);
  const partial = board.actions.length >= TRELLO_ACTION_CAP;
  if (partial) problems.unshift({ code: "partial-history", actions: board.actions.length, earliest: dates[0] ? calendarDateOf(dates[0]) : null });

  const cardCountOf = (listId: string) => board.cards.filter((card) => card.idList === listId).length;
  return {
    board: { id: board.id, name: board.name },
    counts: {
      lists: board.lists.length,
      closedLists: board.lists.filter((list) => list.closed).length,
      openCards: board.cards.filter((card) => !card.closed).length,
      closedCards: board.cards.filter((card) => card.closed).length,
      labels: board.labels.length,
      checklists: board.checklists.length,
      checkItems: board.checklists.reduce((sum, checklist) => sum + checklist.checkItems.length, 0),
      comments,
      members: board.members.length,
      moves,
      creations,
    },
    history: { from: dates[0] ? calendarDateOf(dates[0]) : null, to: dates.length ? calendarDateOf(dates[dates.length - 1]!) : null, partial },
    lists: byPosition.map((list) => ({ id: list.id, name: list.name.trim() || words.untitledList, closed: list.closed, done: doneLists.has(list.id), cards: cardCountOf(list.id) })),
    labels: board.labels.map((label) => ({ id: label.id, name: label.name.trim(), color: label.color ?? null, cards: cardsByLabel.get(label.id) ?? 0 })),
    members: board.members.map((member) => ({
      id: member.id,
      name: member.fullName.trim() || member.username || words.unknownPerson,
      personId: people[member.id] ?? null,
      cards: board.cards.filter((card) => card.idMembers.includes(member.id)).length,
      actions: actions.filter((action) => action.idMemberCreator === member.id).length,
    })),
    mapping,
    problems,
    plan: {
      source: `trello:${board.id}`,
      title: shorten(board.name.trim() || words.untitledBoard, TITLE_MAX)[0],
      description: shorten(board.desc.trim(), DESCRIPTION_MAX)[0],
      columns,
      focusAreas,
      assignments: planned,
    },
  };
}
