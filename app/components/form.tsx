import type { FieldMetadata } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/components/i18n";

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

/** A new password and its repetition, as both setting and changing a password ask for them. */
export function NewPasswordFields({
  password,
  confirmation,
  minLength,
}: {
  password: FieldMetadata<string | undefined>;
  confirmation: FieldMetadata<string | undefined>;
  minLength: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField field={password} label={t("password.new")} type="password" autoComplete="new-password" hint={t("password.rule", { count: minLength })} />
      <TextField field={confirmation} label={t("password.confirm")} type="password" autoComplete="new-password" />
    </>
  );
}
