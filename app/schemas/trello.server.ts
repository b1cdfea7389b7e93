import { z } from "zod";

// A board as Trello's "Print and export → Export as JSON" writes it: only the fields the import
// reads, each checked; everything else in the file (prefs, badges, attachments…) is dropped.

const id = z.string().min(1).max(64);
/** Trello writes instants as ISO 8601 with milliseconds and `Z`. */
const instant = z.iso.datetime({ offset: true, error: "errors.import.date" });
/** Names may be missing or null in real exports (colour-only labels, deleted members). */
const name = z
  .string()
  .max(100_000)
  .nullish()
  .transform((value) => value ?? "");
const position = z.number().finite().catch(0);

const reference = z.object({ id, name });

const list = z.object({ id, name, closed: z.boolean().default(false), pos: position });

const label = z.object({ id, name, color: z.string().nullish() });

const member = z.object({ id, fullName: name, username: name, email: z.string().nullish() });

const card = z.object({
  id,
  name,
  desc: name,
  closed: z.boolean().default(false),
  idList: id,
  idLabels: z.array(id).default([]),
  idMembers: z.array(id).default([]),
  due: instant.nullish(),
  pos: position,
  dateLastActivity: instant.nullish(),
});

const checklist = z.object({
  id,
  idCard: id,
  name,
  pos: position,
  checkItems: z.array(z.object({ id, name, state: z.string().nullish(), pos: position })).default([]),
});

const action = z.object({
  id,
  type: z.string().max(100),
  date: instant,
  idMemberCreator: id.nullish(),
  memberCreator: z.object({ id, fullName: name, username: name }).nullish(),
  data: z
    .object({
      card: z.object({ id, name, closed: z.boolean().optional() }).partial({ name: true }).nullish(),
      list: reference.partial({ name: true }).nullish(),
      listBefore: reference.partial({ name: true }).nullish(),
      listAfter: reference.partial({ name: true }).nullish(),
      old: z.object({ idList: id.optional(), closed: z.boolean().optional() }).nullish(),
      text: name.optional(),
    })
    .default({}),
});

function duplicateIds(items: Array<{ id: string }>, path: string, context: z.RefinementCtx) {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, index);
    else context.addIssue({ code: "custom", path: [path, index, "id"], message: "errors.import.duplicateId", params: { first } });
  });
}

export const trelloBoardSchema = z
  .object({
    id,
    name,
    desc: name,
    lists: z.array(list),
    cards: z.array(card),
    labels: z.array(label).default([]),
    members: z.array(member).default([]),
    checklists: z.array(checklist).default([]),
    actions: z.array(action).default([]),
  })
  .superRefine((board, context) => {
    duplicateIds(board.lists, "lists", context);
    duplicateIds(board.cards, "cards", context);
    duplicateIds(board.labels, "labels", context);
    duplicateIds(board.members, "members", context);
  });

export type TrelloBoard = z.infer<typeof trelloBoardSchema>;
export type TrelloAction = TrelloBoard["actions"][number];
