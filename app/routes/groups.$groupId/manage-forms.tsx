import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { ErrorList, TextField } from "~/components/form";
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
  const [form, fields] = useForm({
    id: `add-member-${groupId}`,
    lastResult,
    defaultValue: { role: "member" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addMemberSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <section className="panel" aria-labelledby="add-member-title">
      <h2 id="add-member-title">{t("groups.manage.addMemberTitle")}</h2>
      <p className="hint">{t("groups.manage.addMemberHint")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="add-member" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <div className="field">
          <label htmlFor={fields.personId.id}>{t("groups.manage.person")}</label>
          <select {...getSelectProps(fields.personId)} key={fields.personId.key}>
            <option value="">{t("groups.manage.choosePerson")}</option>
            {invitable.map((person) => (
              <option key={person.id} value={person.id}>
                {person.unitName ? `${person.name} (${person.unitName})` : person.name}
              </option>
            ))}
          </select>
          <ErrorList id={fields.personId.errorId} errors={fields.personId.errors} />
        </div>
        <fieldset className="field">
          <legend>{t("groups.manage.role")}</legend>
          {(["member", "convener"] as const).map((role) => (
            <label key={role} className="choice">
              <input
                {...getInputProps(fields.role, { type: "radio", value: role })}
                key={`${fields.role.key}-${role}`}
                defaultChecked={(fields.role.initialValue ?? "member") === role}
              />
              {t(`groups.roles.${role}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t("groups.manage.add")}
        </button>
      </Form>
    </section>
  );
}

export function EditGroup({ group, lastResult }: { group: Group; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `edit-group-${group.id}`,
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
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateGroupSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">{t("groups.manage.editTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="update" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <GroupFields fields={fields} />
        <button type="submit" className="primary">
          {t("groups.manage.save")}
        </button>
      </Form>
    </section>
  );
}

export function ExtendGroup({ group, locale, lastResult }: { group: Group; locale: Locale; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `extend-group-${group.id}-${group.endsOn}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: extendGroupSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="extend-title">
      <h2 id="extend-title">{t("groups.manage.extendTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="extend" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <TextField
          field={fields.endsOn}
          label={t("groups.manage.newEndsOn")}
          type="date"
          hint={t("groups.manage.extendHint", { date: formatCalendarDate(group.endsOn, locale) })}
        />
        <button type="submit">{t("groups.manage.extend")}</button>
      </Form>
    </section>
  );
}
