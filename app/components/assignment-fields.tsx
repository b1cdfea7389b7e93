import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/components/i18n";
import { ErrorList, TextField } from "./form";

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
      <div className="field">
        <label htmlFor={fields.description.id}>{t("assignment.description")}</label>
        <p className="hint" id={`${fields.description.id}-hint`}>
          {t("assignment.markdownHint")}
        </p>
        <textarea {...getTextareaProps(fields.description)} key={fields.description.key} rows={6} />
        <ErrorList id={fields.description.errorId} errors={fields.description.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.focusAreaId.id}>{t("assignment.focusArea")}</label>
        <select {...getSelectProps(fields.focusAreaId)} key={fields.focusAreaId.key}>
          {options.focusAreas.map((area) => (
            <option key={area.id} value={area.id}>
              {area.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.focusAreaId.errorId} errors={fields.focusAreaId.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.workingGroupId.id}>{t("assignment.group")}</label>
        <select {...getSelectProps(fields.workingGroupId)} key={fields.workingGroupId.key} disabled={!mayChangeGroup}>
          <option value="">{t("card.noGroup")}</option>
          {options.groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.endedAt ? t("assignment.endedGroup", { name: group.name }) : group.name}
            </option>
          ))}
        </select>
        {mayChangeGroup ? null : (
          <input type="hidden" name={fields.workingGroupId.name} value={fields.workingGroupId.initialValue ?? ""} />
        )}
        <ErrorList id={fields.workingGroupId.errorId} errors={fields.workingGroupId.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.responsibleIds.id}>{t("assignment.responsible")}</label>
        <p className="hint">{t("assignment.responsibleHint")}</p>
        <select {...getSelectProps(fields.responsibleIds)} key={fields.responsibleIds.key} multiple size={6}>
          {options.people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.responsibleIds.errorId} errors={fields.responsibleIds.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.dueOn.id}>{t("assignment.dueOn")}</label>
        <input {...getInputProps(fields.dueOn, { type: "date" })} key={fields.dueOn.key} />
        <ErrorList id={fields.dueOn.errorId} errors={fields.dueOn.errors} />
      </div>
    </>
  );
}
