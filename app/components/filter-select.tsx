import type { ReactNode } from "react";

interface FilterSelectProps {
  id: string;
  name: string;
  label: string;
  /** The first choice, which filters nothing ("Alla"). */
  anyLabel: string;
  /** The filter's current value, from the address. */
  value: string | undefined;
  choices: Array<{ value: string; label: string }>;
  /** The id of the field's error message, when it has one. */
  errorId?: string;
  /** What follows the select: its error message. */
  children?: ReactNode;
}

/** One choice of a filter form sent with GET: "all" first, then the choices, the current one chosen. */
export function FilterSelect({ id, name, label, anyLabel, value, choices, errorId, children }: FilterSelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""} aria-invalid={errorId ? true : undefined} aria-describedby={errorId}>
        <option value="">{anyLabel}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}
