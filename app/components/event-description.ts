import { useTranslation } from "~/components/i18n";
import type { TFunction, TranslationKey } from "~/utils/i18n";
import type { EventField, EventKind } from "../../db/schema";

export interface DescribedEvent {
  kind: EventKind;
  actorName: string | null;
  fromColumn: string | null;
  toColumn: string | null;
  fromFocusArea: string | null;
  toFocusArea: string | null;
  changes: Record<string, unknown> | null;
}

// A Record over every field, so a new field does not compile until it has a description.
const FIELD_KEYS: Record<EventField, TranslationKey> = {
  title: "history.fields.title",
  description: "history.fields.description",
  dueOn: "history.fields.dueOn",
  workingGroup: "history.fields.workingGroup",
  focusArea: "history.fields.focusArea",
  responsibles: "history.fields.responsibles",
};

const KIND_KEYS: Record<EventKind, TranslationKey> = {
  created: "history.kinds.created",
  moved: "history.kinds.moved",
  edited: "history.kinds.edited",
  archived: "history.kinds.archived",
  restored: "history.kinds.restored",
};

/** The kind of an event as a word, for a column of kinds (a spreadsheet's). */
export function describeKind(t: TFunction, kind: EventKind): string {
  return t(KIND_KEYS[kind]);
}

function changeValue(t: TFunction, value: unknown): string {
  const values = (Array.isArray(value) ? value : [value]).filter((one) => one !== null && one !== undefined && one !== "");
  return values.length ? values.map(String).join(", ") : t("history.noValue");
}

/** What an edit changed, field by field in words: `rubriken: Gammal → Ny; ansvariga: (inga) → Ada, Bo`. */
export function describeChanges(t: TFunction, changes: DescribedEvent["changes"]): string {
  return Object.entries(changes ?? {})
    .map(([field, change]) => {
      const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
      return `${describeField(t, field)}: ${changeValue(t, from)} → ${changeValue(t, to)}`;
    })
    .join("; ");
}

/** A field of an event's `changes` in words; one the app does not know (`changes` is JSON) is "a field", never its raw name. */
export function describeField(t: TFunction, field: string): string {
  return t(Object.hasOwn(FIELD_KEYS, field) ? FIELD_KEYS[field as EventField] : "history.fields.other");
}

/** One history event as a sentence: who did what. */
export function describeEvent(t: TFunction, event: DescribedEvent): string {
  const actor = event.actorName ?? t("assignment.formerUser");
  switch (event.kind) {
    case "created":
      return t("history.created", { actor, column: event.toColumn, focusArea: event.toFocusArea });
    case "moved": {
      const base =
        event.fromColumn === event.toColumn
          ? t("history.reordered", { actor, column: event.toColumn })
          : t("history.moved", { actor, from: event.fromColumn, to: event.toColumn });
      return event.fromFocusArea !== event.toFocusArea
        ? `${base} ${t("history.changedLane", { from: event.fromFocusArea, to: event.toFocusArea })}`
        : base;
    }
    case "edited": {
      const fields = Object.keys(event.changes ?? {})
        .map((field) => describeField(t, field))
        .join(", ");
      return t("history.edited", { actor, fields });
    }
    case "archived":
      return t("history.archived", { actor });
    case "restored":
      return t("history.restored", { actor });
  }
}

export function useDescribeEvent() {
  const { t } = useTranslation();
  return (event: DescribedEvent) => describeEvent(t, event);
}
