import type { FieldMetadata } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Error messages are i18n keys, so one schema serves every language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="list">
      {errors.map((error) => (
        <li key={error}>{t(error as never)}</li>
      ))}
    </ul>
  );
}

interface TextFieldProps {
  field: FieldMetadata<string | undefined>;
  label: string;
  type?: "text" | "email" | "password" | "date";
  autoComplete?: string;
  hint?: ReactNode;
}

export function TextField({ field, label, type = "text", autoComplete, hint }: TextFieldProps) {
  const inputProps = getInputProps(field, { type });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? <p className="hint">{hint}</p> : null}
      <input {...inputProps} key={inputProps.key} autoComplete={autoComplete} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}
