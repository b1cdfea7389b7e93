import type { SubmissionResult } from "@conform-to/react";
import { useTranslation } from "~/components/i18n";
import { RadioField, SchemaForm, SelectField, TextField, useSchemaForm } from "~/components/form";
import { addMemberSchema, extendGroupSchema, updateGroupSchema } from "~/schemas/group";
import { formatCalendarDate } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { GroupFields } from "../groups.new/group-fields";
import type { Group, Loaded } from "./route";

type LastResult = SubmissionResult<string[]> | undefined;

export function AddMember({
  groupId,
  invitable,
  lastResult,
}: {
  groupId: string;
  invitable: Loaded["invitable"];
  lastResult: LastResult;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: `add-member-${groupId}`,
    schema: addMemberSchema,
    lastResult,
    defaultValue: { role: "member" },
  });
  return (
    <section className="panel" aria-labelledby="add-member-title">
      <h2 id="add-member-title">{t("groups.manage.addMemberTitle")}</h2>
      <p className="hint">{t("groups.manage.addMemberHint")}</p>
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value="add-member" />
        <SelectField field={fields.personId} label={t("groups.manage.person")}>
          <option value="">{t("groups.manage.choosePerson")}</option>
          {invitable.map((person) => (
            <option key={person.id} value={person.id}>
              {person.unitName ? `${person.name} (${person.unitName})` : person.name}
            </option>
          ))}
        </SelectField>
        <RadioField
          field={fields.role}
          legend={t("groups.manage.role")}
          choices={(["member", "convener"] as const).map((role) => ({ value: role, label: t(`groups.roles.${role}`) }))}
        />
        <button type="submit" className="primary">
          {t("groups.manage.add")}
        </button>
      </SchemaForm>
    </section>
  );
}

export function EditGroup({ group, lastResult }: { group: Group; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: `edit-group-${group.id}`,
    schema: updateGroupSchema,
    lastResult,
    defaultValue: {
      name: group.name,
      purpose: group.purpose,
      startsOn: group.startsOn,
      endsOn: group.endsOn,
      recruitment: group.recruitment,
      seats: group.seats === null ? "" : String(group.seats),
      applicationsCloseOn: group.applicationsCloseOn ?? "",
      applicationPrompt: group.applicationPrompt ?? "",
    },
  });
  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">{t("groups.manage.editTitle")}</h2>
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value="update" />
        <GroupFields fields={fields} />
        <button type="submit" className="primary">
          {t("groups.manage.save")}
        </button>
      </SchemaForm>
    </section>
  );
}

export function ExtendGroup({ group, locale, lastResult }: { group: Group; locale: Locale; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: `extend-group-${group.id}-${group.endsOn}`,
    schema: extendGroupSchema,
    lastResult,
  });
  return (
    <section className="panel" aria-labelledby="extend-title">
      <h2 id="extend-title">{t("groups.manage.extendTitle")}</h2>
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value="extend" />
        <TextField
          field={fields.endsOn}
          label={t("groups.manage.newEndsOn")}
          type="date"
          hint={t("groups.manage.extendHint", { date: formatCalendarDate(group.endsOn, locale) })}
        />
        <button type="submit">{t("groups.manage.extend")}</button>
      </SchemaForm>
    </section>
  );
}
