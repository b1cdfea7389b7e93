import { getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/components/i18n";
import { ErrorList, TextField } from "~/components/form";

type Field = FieldMetadata<string | undefined>;

interface PlanFieldsProps {
  fields: { title: Field; description: Field; startsOn: Field; endsOn: Field; unitId: Field };
  units: Array<{ id: string; name: string }>;
}

/** A plan's details, as the new-plan page and the plan's settings page ask for them. */
export function PlanFields({ fields, units }: PlanFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField field={fields.title} label={t("planForm.title")} autoComplete="off" />
      <div className="field">
        <label htmlFor={fields.description.id}>{t("planForm.description")}</label>
        <textarea {...getTextareaProps(fields.description)} key={fields.description.key} rows={4} />
        <ErrorList id={fields.description.errorId} errors={fields.description.errors} />
      </div>
      <div className="button-row">
        <TextField field={fields.startsOn} label={t("planForm.startsOn")} type="date" />
        <TextField field={fields.endsOn} label={t("planForm.endsOn")} type="date" />
      </div>
      <div className="field">
        <label htmlFor={fields.unitId.id}>{t("planForm.unit")}</label>
        <select {...getSelectProps(fields.unitId)} key={fields.unitId.key}>
          <option value="">{t("planForm.noUnit")}</option>
          {units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unit.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.unitId.errorId} errors={fields.unitId.errors} />
      </div>
    </>
  );
}
