// A Trello board export of any size, in the shape Trello writes, for tests and the benchmark.

const hex = (value: number, width: number) => value.toString(16).padStart(width, "0").slice(-width);

/** A Trello-like id: eight hex digits of creation time in seconds, then a counter. */
export function trelloId(createdAt: Date, counter: number): string {
  return `${hex(Math.floor(createdAt.getTime() / 1000), 8)}${hex(counter, 16)}`;
}

export interface GeneratedBoardOptions {
  cards: number;
  /** Move actions, newest first as Trello lists them (Trello keeps at most 1,000). */
  moves: number;
  lists?: string[];
  labels?: string[];
  members?: string[];
  start?: Date;
}

export function generateTrelloBoard(options: GeneratedBoardOptions) {
  const start = options.start ?? new Date("2026-01-05T08:00:00.000Z");
  const listNames = options.lists ?? ["Att göra", "Pågår", "Uppföljning", "Klart"];
  const labelNames = options.labels ?? ["Trygghet", "Digitalisering", "Arbetsmiljö"];
  const memberNames = options.members ?? ["Sara Strand", "Greta Granlund", "Ola Okänd"];
  let counter = 0;
  const nextId = (at: Date) => trelloId(at, ++counter);
  const boardId = nextId(start);
  const lists = listNames.map((name, index) => ({ id: nextId(start), name, closed: false, pos: (index + 1) * 16384, idBoard: boardId }));
  const labels = labelNames.map((name, index) => ({ id: nextId(start), idBoard: boardId, name, color: ["green", "blue", "red", "yellow"][index % 4] }));
  const members = memberNames.map((fullName) => ({ id: nextId(start), fullName, username: fullName.toLowerCase().replace(/\W+/g, ""), initials: "" }));
  const minute = 60_000;
  const cards = Array.from({ length: options.cards }, (_, index) => {
    const createdAt = new Date(start.getTime() + index * minute);
    return {
      id: nextId(createdAt),
      name: `Kort ${index + 1}`,
      desc: index % 7 === 0 ? `Beskrivning av kort ${index + 1}` : "",
      closed: index % 50 === 49,
      idList: lists[0]!.id,
      idLabels: [labels[index % labels.length]!.id],
      idMembers: index % 5 === 0 ? [members[index % members.length]!.id] : [],
      due: null as string | null,
      pos: (index + 1) * 1024,
      dateLastActivity: createdAt.toISOString(),
    };
  });
  const actions: Array<Record<string, unknown>> = [];
  // Moves walk cards one list to the right, an hour apart, oldest first; listed newest first below.
  for (let index = 0; index < options.moves; index++) {
    const card = cards[index % cards.length]!;
    const from = lists.findIndex((list) => list.id === card.idList);
    const to = (from + 1) % lists.length;
    const member = members[index % members.length]!;
    const at = new Date(start.getTime() + options.cards * minute + index * 60 * minute);
    actions.push({
      id: nextId(at),
      idMemberCreator: member.id,
      type: "updateCard",
      date: at.toISOString(),
      data: {
        card: { id: card.id, name: card.name, idList: lists[to]!.id },
        old: { idList: lists[from]!.id },
        listBefore: { id: lists[from]!.id, name: lists[from]!.name },
        listAfter: { id: lists[to]!.id, name: lists[to]!.name },
        board: { id: boardId, name: "Genererad tavla" },
      },
      memberCreator: { id: member.id, fullName: member.fullName, username: member.username },
    });
    card.idList = lists[to]!.id;
    card.dateLastActivity = at.toISOString();
  }
  actions.reverse();
  return { id: boardId, name: "Genererad tavla", desc: "", closed: false, url: `https://trello.com/b/${boardId.slice(-8)}`, labels, lists, cards, checklists: [], members, actions };
}
