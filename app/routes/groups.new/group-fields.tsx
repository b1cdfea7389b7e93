import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/components/i18n";
import { RadioField, TextAreaField, TextField } from "~/components/form";

type Field = FieldMetadata<string | undefined>;

interface GroupFieldsProps {
  fields: {
    name: Field;
    purpose: Field;
    startsOn: Field;
    endsOn: Field;
    recruitment: Field;
    seats: FieldMetadata<unknown>;
    applicationsCloseOn: Field;
    applicationPrompt: Field;
  };
}

/** A group's details, as the new-group page and the group's edit form ask for them. */
export function GroupFields({ fields }: GroupFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField field={fields.name} label={t("groups.form.name")} autoComplete="off" />
      <TextAreaField field={fields.purpose} label={t("groups.form.purpose")} rows={4} />
      <div className="button-row">
        <TextField field={fields.startsOn} label={t("groups.form.startsOn")} type="date" />
        <TextField field={fields.endsOn} label={t("groups.form.endsOn")} type="date" />
      </div>
      <RadioField
        field={fields.recruitment}
        legend={t("groups.form.recruitment")}
        choices={(
          [
            ["invited", "groups.form.invited", "groups.form.invitedHint"],
            ["open_application", "groups.form.open", "groups.form.openHint"],
          ] as const
        ).map(([value, label, hint]) => ({
          value,
          label: (
            <span>
              <strong>{t(label)}</strong> <span className="muted">{t(hint)}</span>
            </span>
          ),
        }))}
      />
      <fieldset className="stack panel open-call-fields">
        <legend>{t("groups.form.openFields")}</legend>
        <p className="hint">{t("groups.form.openFieldsHint")}</p>
        <div className="button-row">
          <TextField field={fields.seats} label={t("groups.form.seats")} type="number" min={1} max={100} />
          <TextField field={fields.applicationsCloseOn} label={t("groups.form.closeOn")} type="date" />
        </div>
        <TextAreaField field={fields.applicationPrompt} label={t("groups.form.prompt")} hint={t("groups.form.promptHint")} rows={3} />
      </fieldset>
    </>
  );
}
