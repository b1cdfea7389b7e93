import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/components/i18n";
import { ErrorList, TextField } from "~/components/form";

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
  const recruitment = fields.recruitment.value ?? fields.recruitment.initialValue ?? "invited";
  return (
    <>
      <TextField field={fields.name} label={t("groups.form.name")} autoComplete="off" />
      <div className="field">
        <label htmlFor={fields.purpose.id}>{t("groups.form.purpose")}</label>
        <textarea {...getTextareaProps(fields.purpose)} key={fields.purpose.key} rows={4} />
        <ErrorList id={fields.purpose.errorId} errors={fields.purpose.errors} />
      </div>
      <div className="button-row">
        <TextField field={fields.startsOn} label={t("groups.form.startsOn")} type="date" />
        <TextField field={fields.endsOn} label={t("groups.form.endsOn")} type="date" />
      </div>
      <fieldset className="field">
        <legend>{t("groups.form.recruitment")}</legend>
        {(
          [
            ["invited", "groups.form.invited", "groups.form.invitedHint"],
            ["open_application", "groups.form.open", "groups.form.openHint"],
          ] as const
        ).map(([value, label, hint]) => (
          <label key={value} className="choice">
            <input
              {...getInputProps(fields.recruitment, { type: "radio", value })}
              key={`${fields.recruitment.key}-${value}`}
              defaultChecked={recruitment === value}
            />
            <span>
              <strong>{t(label)}</strong> <span className="muted">{t(hint)}</span>
            </span>
          </label>
        ))}
        <ErrorList id={fields.recruitment.errorId} errors={fields.recruitment.errors} />
      </fieldset>
      <fieldset className="stack panel open-call-fields">
        <legend>{t("groups.form.openFields")}</legend>
        <p className="hint">{t("groups.form.openFieldsHint")}</p>
        <div className="button-row">
          <div className="field">
            <label htmlFor={fields.seats.id}>{t("groups.form.seats")}</label>
            <input {...getInputProps(fields.seats, { type: "number" })} key={fields.seats.key} min={1} max={100} />
            <ErrorList id={fields.seats.errorId} errors={fields.seats.errors} />
          </div>
          <TextField field={fields.applicationsCloseOn} label={t("groups.form.closeOn")} type="date" />
        </div>
        <div className="field">
          <label htmlFor={fields.applicationPrompt.id}>{t("groups.form.prompt")}</label>
          <p className="hint" id={`${fields.applicationPrompt.id}-hint`}>
            {t("groups.form.promptHint")}
          </p>
          <textarea
            {...getTextareaProps(fields.applicationPrompt)}
            key={fields.applicationPrompt.key}
            rows={3}
            aria-describedby={[
              `${fields.applicationPrompt.id}-hint`,
              fields.applicationPrompt.errors ? fields.applicationPrompt.errorId : null,
            ]
              .filter(Boolean)
              .join(" ")}
          />
          <ErrorList id={fields.applicationPrompt.errorId} errors={fields.applicationPrompt.errors} />
        </div>
      </fieldset>
    </>
  );
}
