import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/components/i18n";
import { MultiSelectField, SelectField, TextAreaField, TextField } from "./form";

export interface AssignmentOptions {
  focusAreas: Array<{ id: string; name: string }>;
  groups: Array<{ id: string; name: string; endedAt: string | null }>;
  people: Array<{ id: string; name: string }>;
}

// The create and edit schemas differ, so the fields are typed by what this component reads of them.
type Field<Value> = FieldMetadata<Value, Record<string, unknown>, string[]>;
interface Fields {
  title: Field<string | undefined>;
  description: Field<string | undefined>;
  focusAreaId: Field<string | undefined>;
  workingGroupId: Field<string | undefined>;
  responsibleIds: Field<string[] | undefined>;
  dueOn: Field<string | undefined>;
}

/** The details of an assignment, as both the create and the edit form ask for them. */
export function AssignmentFields({ fields, options, mayChangeGroup }: { fields: Fields; options: AssignmentOptions; mayChangeGroup: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <TextField field={fields.title} label={t("assignment.title")} autoComplete="off" />
      <TextAreaField field={fields.description} label={t("assignment.description")} hint={t("assignment.markdownHint")} rows={6} />
      <SelectField field={fields.focusAreaId} label={t("assignment.focusArea")}>
        {options.focusAreas.map((area) => (
          <option key={area.id} value={area.id}>
            {area.name}
          </option>
        ))}
      </SelectField>
      <SelectField field={fields.workingGroupId} label={t("assignment.group")} disabled={!mayChangeGroup}>
        <option value="">{t("card.noGroup")}</option>
        {options.groups.map((group) => (
          <option key={group.id} value={group.id}>
            {group.endedAt ? t("assignment.endedGroup", { name: group.name }) : group.name}
          </option>
        ))}
      </SelectField>
      {mayChangeGroup ? null : (
        <input type="hidden" name={fields.workingGroupId.name} value={fields.workingGroupId.initialValue ?? ""} />
      )}
      <MultiSelectField
        field={fields.responsibleIds}
        label={t("assignment.responsible")}
        hint={t("assignment.responsibleHint")}
        choices={options.people.map((person) => ({ value: person.id, label: person.name }))}
      />
      <TextField field={fields.dueOn} label={t("assignment.dueOn")} type="date" />
    </>
  );
}
