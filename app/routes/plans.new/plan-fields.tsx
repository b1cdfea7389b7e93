import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/components/i18n";
import { SelectField, TextAreaField, TextField } from "~/components/form";

type Field = FieldMetadata<string | undefined>;

interface PlanFieldsProps {
  fields: { title: Field; description: Field; startsOn: Field; endsOn: Field; unitId: Field };
  units: Array<{ id: string; name: string }>;
  /** The unit of a board adopted from a central plan: shown as text and sent back unchanged, since it cannot change. */
  adoptingUnit?: { id: string | null; name: string | null } | null;
}

/** A plan's details, as the new-plan page and the plan's settings page ask for them. */
export function PlanFields({ fields, units, adoptingUnit }: PlanFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField field={fields.title} label={t("planForm.title")} autoComplete="off" />
      <TextAreaField field={fields.description} label={t("planForm.description")} rows={4} />
      <div className="button-row">
        <TextField field={fields.startsOn} label={t("planForm.startsOn")} type="date" />
        <TextField field={fields.endsOn} label={t("planForm.endsOn")} type="date" />
      </div>
      {adoptingUnit ? (
        <div className="field">
          <dl className="facts">
            <dt>{t("planForm.unit")}</dt>
            <dd>{adoptingUnit.name ?? t("planForm.noUnit")}</dd>
          </dl>
          <p className="hint">{t("planForm.adoptingUnit")}</p>
          <input type="hidden" name={fields.unitId.name} value={adoptingUnit.id ?? ""} />
        </div>
      ) : (
        <SelectField field={fields.unitId} label={t("planForm.unit")}>
          <option value="">{t("planForm.noUnit")}</option>
          {units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unit.name}
            </option>
          ))}
        </SelectField>
      )}
    </>
  );
}
