import { useId, useRef, useState } from "react";
import { useTranslation } from "./i18n";
import { useHydrated } from "./use-hydrated";

interface ConfirmedSubmitProps {
  /** The button that starts it, e.g. "Arkivera handlingsplanen". */
  label: string;
  /** The question the dialog asks, e.g. "Arkivera Bli en processorganisation?". */
  question: string;
  /** What happens, and that it cannot be undone. */
  consequence: string;
  /** The button that does it, e.g. "Ja, arkivera"; also the checkbox's label without JavaScript. */
  confirmLabel: string;
  /** The submit button's name and value, when the form's intent travels on its button. */
  name?: string;
  value?: string;
  className?: string;
}

/**
 * A submit button for what cannot be undone, placed inside its form. The server refuses the
 * action unless the form carries `confirm=yes` (see `confirmation` in schemas/fields.ts).
 * With JavaScript the button opens a modal dialog that asks first (Cancel has the keyboard,
 * Escape closes, focus returns to the button) and only its confirm button sends `confirm`;
 * without JavaScript a required checkbox beside the button is that confirmation.
 */
export function ConfirmedSubmit({ label, question, consequence, confirmLabel, name, value, className = "danger" }: ConfirmedSubmitProps) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const id = useId();

  if (!hydrated) {
    return (
      <div className="confirmed-submit">
        <label className="choice">
          <input type="checkbox" name="confirm" value="yes" required />
          {confirmLabel}
        </label>
        <button type="submit" name={name} value={value} className={className}>
          {label}
        </button>
      </div>
    );
  }

  return (
    <>
      <button
        ref={opener}
        type="button"
        className={className}
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={`${id}-question`}
        aria-describedby={`${id}-consequence`}
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        <h2 id={`${id}-question`}>{question}</h2>
        <p id={`${id}-consequence`}>{consequence}</p>
        {open ? <input type="hidden" name="confirm" value="yes" /> : null}
        <div className="button-row">
          <button type="button" autoFocus onClick={() => dialog.current?.close()}>
            {t("confirm.cancel")}
          </button>
          <button
            type="submit"
            name={name}
            value={value}
            className={className}
            // Closed once the form has been read and sent, with the dialog's `confirm` in it.
            onClick={() => setTimeout(() => dialog.current?.close())}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
