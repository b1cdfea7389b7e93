import { useTranslation } from "~/components/i18n";
import type { TFunction } from "~/utils/i18n";

export interface DescribedEvent {
  kind: "created" | "moved" | "edited" | "archived" | "restored";
  actorName: string | null;
  fromColumn: string | null;
  toColumn: string | null;
  fromFocusArea: string | null;
  toFocusArea: string | null;
  changes: Record<string, unknown> | null;
}

const FIELD_KEYS = {
  title: "history.fields.title",
  description: "history.fields.description",
  dueOn: "history.fields.dueOn",
  workingGroup: "history.fields.workingGroup",
  focusArea: "history.fields.focusArea",
  responsibles: "history.fields.responsibles",
} as const;

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
        .map((field) => (field in FIELD_KEYS ? t(FIELD_KEYS[field as keyof typeof FIELD_KEYS]) : field))
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
