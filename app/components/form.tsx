import {
  FormProvider,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useField,
  useForm,
  useFormMetadata,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, type FormProps } from "@remix-run/react";
import { lazy, Suspense, useRef, type FocusEventHandler, type ReactNode } from "react";
import type { z } from "zod";
import { useTranslation } from "~/components/i18n";
import type { ComboboxChoice } from "./multi-select-combobox";
import { useHydrated } from "./use-hydrated";

/**
 * The one way to build a form: `useSchemaForm` + `<SchemaForm>` + the field components below.
 * The schema is the action's own, so the browser checks what the server will check, and the
 * server's answer (`lastResult`) shows in the same places.
 *
 * Checked on submit, then again as one types: a message that appeared when a field lost focus
 * pushed the submit button down between the press and the release of the pointer, so the click
 * was lost and the form seemed to do nothing.
 */
export function useSchemaForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>({
  id,
  schema,
  lastResult,
  defaultValue,
}: {
  id: string;
  schema: Schema;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Parameters<typeof useForm<z.input<Schema>, z.output<Schema>>>[0]["defaultValue"];
}) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
}

// Whatever the schema: these components read only ids, names, values and errors, and the
// create and edit schemas of one thing differ, so their fields are not of one type.
type AnyForm = FormMetadata<any, string[]>;
type AnyField = FieldMetadata<any, any, string[]>;

/**
 * A Remix `<Form method="post">` wired to conform, with the form's own errors at the top.
 *
 * conform re-renders a component for the state it read while rendering. Every part here that
 * shows errors subscribes for itself (`useField`, `useFormMetadata`, which need this provider),
 * so it shows its errors however the route module hands the fields down.
 */
export function SchemaForm({ form, children, ...props }: { form: AnyForm; children: ReactNode } & Omit<FormProps, "id" | "onSubmit" | "noValidate">) {
  return (
    <FormProvider context={form.context}>
      <Form method="post" {...props} {...getFormProps(form)}>
        <FormErrors formId={form.id} />
        {children}
      </Form>
    </FormProvider>
  );
}

function FormErrors({ formId }: { formId: string }) {
  const form = useFormMetadata(formId);
  return <ErrorList id={form.errorId} errors={form.errors} />;
}

/** Error messages are i18n keys, so one schema serves every language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
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

/** The field's live state, subscribed by the component that shows it; `hintId` when it has a hint. */
function useLiveField(field: AnyField, hint: ReactNode) {
  const [live] = useField<unknown>(field.name, { formId: field.formId });
  const hintId = hint ? `${live.id}-hint` : undefined;
  return { live, hintId, options: { ariaDescribedBy: hintId } };
}

interface FieldFrameProps {
  id: string;
  errorId: string;
  errors: string[] | undefined;
  label: ReactNode;
  hint: ReactNode;
  hintId: string | undefined;
  children: ReactNode;
  className?: string;
}

/** Label, hint, control and errors, in the order a screen reader and an eye meet them. */
function FieldFrame({ id, errorId, errors, label, hint, hintId, children, className = "field" }: FieldFrameProps) {
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

interface FieldProps {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
}

type TextFieldProps = FieldProps & {
  type?: "text" | "email" | "password" | "date" | "number";
  autoComplete?: string;
  min?: number | string;
  max?: number | string;
};

export function TextField({ field, label, hint, className, type = "text", autoComplete, min, max }: TextFieldProps) {
  const { live, hintId, options } = useLiveField(field, hint);
  const { key, ...props } = getInputProps(live, { type, ...options });
  return (
    <FieldFrame id={live.id} errorId={live.errorId} errors={live.errors} label={label} hint={hint} hintId={hintId} className={className}>
      <input key={key} {...props} autoComplete={autoComplete} min={min} max={max} />
    </FieldFrame>
  );
}

export function TextAreaField({ field, label, hint, className, rows = 4 }: FieldProps & { rows?: number }) {
  const { live, hintId, options } = useLiveField(field, hint);
  const { key, ...props } = getTextareaProps(live, options);
  return (
    <FieldFrame id={live.id} errorId={live.errorId} errors={live.errors} label={label} hint={hint} hintId={hintId} className={className}>
      <textarea key={key} {...props} rows={rows} />
    </FieldFrame>
  );
}

/** A select; its `<option>`s are the children. */
export function SelectField({ field, label, hint, className, disabled, children }: FieldProps & { disabled?: boolean; children: ReactNode }) {
  const { live, hintId, options } = useLiveField(field, hint);
  const { key, ...props } = getSelectProps(live, options);
  return (
    <FieldFrame id={live.id} errorId={live.errorId} errors={live.errors} label={label} hint={hint} hintId={hintId} className={className}>
      <select key={key} {...props} disabled={disabled}>
        {children}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ field, label, hint }: FieldProps) {
  const { live, hintId, options } = useLiveField(field, hint);
  const { key, ...props } = getInputProps(live, { type: "checkbox", ...options });
  return (
    <div className="field">
      <label className="choice">
        <input key={key} {...props} />
        {label}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <ErrorList id={live.errorId} errors={live.errors} />
    </div>
  );
}

/** One of a few choices, as radio buttons under a legend. */
export function RadioField({ field, legend, choices }: { field: AnyField; legend: ReactNode; choices: Array<{ value: string; label: ReactNode }> }) {
  const [live] = useField<unknown>(field.name, { formId: field.formId });
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {choices.map(({ value, label }) => {
        const { key, ...props } = getInputProps(live, { type: "radio", value });
        return (
          <label key={`${key}-${value}`} className="choice">
            <input {...props} />
            {label}
          </label>
        );
      })}
      <ErrorList id={live.errorId} errors={live.errors} />
    </fieldset>
  );
}

/** Any number of choices, as checkboxes under a legend; they submit the field's name once per choice. */
export function CheckboxGroupField({
  field,
  legend,
  hint,
  choices,
  className = "field",
  onFocus,
  onBlur,
}: {
  field: AnyField;
  legend: ReactNode;
  hint?: ReactNode;
  choices: Array<{ value: string; label: ReactNode }>;
  className?: string;
  onFocus?: FocusEventHandler<HTMLFieldSetElement>;
  onBlur?: FocusEventHandler<HTMLFieldSetElement>;
}) {
  const { live, hintId } = useLiveField(field, hint);
  const initial = live.initialValue;
  const chosen = new Set(Array.isArray(initial) ? initial : initial ? [initial] : []);
  const invalid = live.errors !== undefined;
  return (
    <fieldset
      className={className}
      aria-describedby={[hintId, invalid ? live.errorId : undefined].filter(Boolean).join(" ") || undefined}
      aria-invalid={invalid || undefined}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint full-row" id={hintId}>
          {hint}
        </p>
      ) : null}
      {choices.map(({ value, label }) => (
        <label key={`${live.key ?? ""}-${value}`} className="choice">
          <input type="checkbox" name={live.name} value={value} defaultChecked={chosen.has(value)} form={live.formId} />
          {label}
        </label>
      ))}
      <ErrorList id={live.errorId} errors={live.errors} />
    </fieldset>
  );
}

const MultiSelectCombobox = lazy(() => import("./multi-select-combobox"));

/**
 * Several choices from a long list: a type-ahead combobox with removable chips once the page's
 * scripts run (its code loads on demand, so it weighs on no page's first load), checkboxes
 * before that and without JavaScript. Both send the field's name once per choice.
 */
export function MultiSelectField({ field, label, hint, choices }: { field: AnyField; label: string; hint: ReactNode; choices: ComboboxChoice[] }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  // Whether the keyboard is among the checkboxes: the combobox that replaces them then takes it,
  // rather than leave it on the page's body. A blur towards nothing (the checkbox removed) keeps it.
  const focusInCheckboxes = useRef(false);
  const checkboxes = (
    <CheckboxGroupField
      field={field}
      legend={label}
      choices={choices}
      className="field choice-grid"
      onFocus={() => (focusInCheckboxes.current = true)}
      onBlur={(event) => {
        if (event.relatedTarget !== null) focusInCheckboxes.current = false;
      }}
    />
  );
  if (!hydrated) return checkboxes;
  return (
    <Suspense fallback={checkboxes}>
      <MultiSelectCombobox
        takesFocusFrom={focusInCheckboxes}
        name={field.name}
        formId={field.formId}
        label={label}
        hint={hint}
        choices={choices}
        texts={{
          chosen: t("combobox.chosen"),
          remove: (name) => t("combobox.remove", { name }),
          added: (name, count) => t("combobox.added", { name, count }),
          removed: (name, count) => t("combobox.removed", { name, count }),
          noMatch: t("combobox.noMatch"),
        }}
      />
    </Suspense>
  );
}

/** A new password and its repetition, as both setting and changing a password ask for them. */
export function NewPasswordFields({ password, confirmation, minLength }: { password: AnyField; confirmation: AnyField; minLength: number }) {
  const { t } = useTranslation();
  return (
    <>
      <TextField field={password} label={t("password.new")} type="password" autoComplete="new-password" hint={t("password.rule", { count: minLength })} />
      <TextField field={confirmation} label={t("password.confirm")} type="password" autoComplete="new-password" />
    </>
  );
}
