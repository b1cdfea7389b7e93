import type { SubmissionResult } from "@conform-to/react";
import { RadioField, SchemaForm, TextField, useSchemaForm } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { createIndicatorSchema, indicatorActionSchema } from "~/schemas/indicator";

interface Current {
  name: string;
  unitOfMeasure: string;
  higherIsBetter: boolean;
  period: "month" | "quarter";
  target: number | null;
}

/** What an indicator is: the same fields when it is defined and when it is changed. */
export function IndicatorForm({
  id,
  intent,
  current,
  lastResult,
  submitLabel,
}: {
  id: string;
  intent: "create" | "update";
  current?: Current;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id,
    schema: intent === "create" ? createIndicatorSchema : indicatorActionSchema,
    lastResult,
    defaultValue: current
      ? {
          name: current.name,
          unitOfMeasure: current.unitOfMeasure,
          higherIsBetter: current.higherIsBetter ? "yes" : "no",
          period: current.period,
          target: current.target === null ? "" : String(current.target).replace(".", ","),
        }
      : { higherIsBetter: "no", period: "month" },
  });
  return (
    <SchemaForm form={form} className="stack">
      <TextField field={fields.name} label={t("indicators.name")} hint={t("indicators.nameHint")} autoComplete="off" />
      <TextField field={fields.unitOfMeasure} label={t("indicators.unitOfMeasure")} hint={t("indicators.unitOfMeasureHint")} autoComplete="off" />
      <RadioField
        field={fields.higherIsBetter}
        legend={t("indicators.direction")}
        choices={[
          { value: "yes", label: t("indicators.higherIsBetter") },
          { value: "no", label: t("indicators.lowerIsBetter") },
        ]}
      />
      <RadioField
        field={fields.period}
        legend={t("indicators.periodKind")}
        choices={(["month", "quarter"] as const).map((period) => ({ value: period, label: t(`indicators.periods.${period}`) }))}
      />
      <TextField field={fields.target} label={t("indicators.target")} hint={t("indicators.targetHint")} autoComplete="off" />
      <button type="submit" name="intent" value={intent} className="primary">
        {submitLabel}
      </button>
    </SchemaForm>
  );
}
