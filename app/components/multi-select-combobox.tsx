import { useField } from "@conform-to/react";
import { useCombobox, useMultipleSelection } from "downshift";
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { ErrorList } from "./form";

export interface ComboboxChoice {
  value: string;
  label: string;
}

export interface MultiSelectComboboxProps {
  /** True when the keyboard was among the checkboxes this replaces: the combobox's input then takes it. */
  takesFocusFrom?: RefObject<boolean>;
  name: string;
  formId: string;
  label: ReactNode;
  hint?: ReactNode;
  choices: ComboboxChoice[];
  texts: {
    chosen: string;
    remove: (label: string) => string;
    added: (label: string, count: number) => string;
    removed: (label: string, count: number) => string;
    noMatch: string;
  };
}

const normalise = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLocaleLowerCase("sv");

/** "gre" finds Greta Granlund, not Camilla Lindgren: the typed text starts the name or one of its words. */
function matches(label: string, query: string) {
  const wanted = normalise(query.trim());
  const name = normalise(label);
  return name.startsWith(wanted) || name.includes(` ${wanted}`);
}

/**
 * Several choices from a long list: type to narrow it, Enter or a click adds, each choice is a
 * chip that removes itself (Enter, Space, Delete or Backspace; arrows move between chips).
 * Built on downshift's combobox and multiple-selection hooks, which carry the ARIA 1.2 combobox
 * pattern. The chosen values go as hidden inputs of the field's name, as checkboxes would send them.
 * Loaded on demand (see `MultiSelectField` in form.tsx): the page shows checkboxes until it is here.
 */
export default function MultiSelectCombobox({ takesFocusFrom, name, formId, label, hint, choices, texts }: MultiSelectComboboxProps) {
  const [field] = useField<string[] | string | undefined>(name, { formId });
  const [chosen, setChosen] = useState<ComboboxChoice[]>(() => {
    const initial = field.initialValue;
    const values = new Set(Array.isArray(initial) ? initial : initial ? [initial] : []);
    return choices.filter((choice) => values.has(choice.value));
  });
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (takesFocusFrom?.current && lost) input.current?.focus();
  }, [takesFocusFrom]);

  const available = useMemo(() => {
    const taken = new Set(chosen.map((choice) => choice.value));
    return choices.filter((choice) => !taken.has(choice.value) && matches(choice.label, query));
  }, [choices, chosen, query]);

  const remove = (choice: ComboboxChoice) => {
    const next = chosen.filter((other) => other.value !== choice.value);
    setChosen(next);
    setStatus(texts.removed(choice.label, next.length));
  };

  const { getSelectedItemProps, getDropdownProps, activeIndex } = useMultipleSelection<ComboboxChoice>({
    selectedItems: chosen,
    itemToKey: (choice) => choice?.value,
    onStateChange({ selectedItems, type }) {
      switch (type) {
        case useMultipleSelection.stateChangeTypes.SelectedItemKeyDownBackspace:
        case useMultipleSelection.stateChangeTypes.SelectedItemKeyDownDelete:
        case useMultipleSelection.stateChangeTypes.DropdownKeyDownBackspace:
        case useMultipleSelection.stateChangeTypes.FunctionRemoveSelectedItem: {
          const gone = chosen.find((choice) => !selectedItems?.includes(choice));
          if (gone) remove(gone);
          break;
        }
      }
    },
  });

  const hintId = hint ? `${field.id}-hint` : undefined;
  const invalid = field.errors !== undefined;
  const { isOpen, getLabelProps, getMenuProps, getInputProps, getItemProps, highlightedIndex } = useCombobox<ComboboxChoice>({
    items: available,
    itemToString: (choice) => choice?.label ?? "",
    itemToKey: (choice) => choice?.value,
    inputId: field.id,
    // The text stays downshift's own: it reports changes from an effect, so a text held here
    // would lag a keystroke behind and drop letters typed quickly. `query` only filters.
    selectedItem: null,
    defaultHighlightedIndex: 0,
    stateReducer(state, { changes, type }) {
      switch (type) {
        case useCombobox.stateChangeTypes.InputKeyDownEnter:
        case useCombobox.stateChangeTypes.ItemClick:
          // Stay open, ready for the next one.
          return { ...changes, isOpen: true, highlightedIndex: state.highlightedIndex, inputValue: "" };
        case useCombobox.stateChangeTypes.InputBlur:
          // Leaving the field never chooses someone by accident.
          return { ...changes, selectedItem: null, inputValue: state.inputValue };
        case useCombobox.stateChangeTypes.ControlledPropUpdatedSelectedItem:
          // downshift clears the text (from an effect) after a choice; by then the next name may be half typed.
          return { ...changes, inputValue: state.inputValue };
        default:
          return changes;
      }
    },
    onStateChange({ inputValue, type, selectedItem }) {
      switch (type) {
        case useCombobox.stateChangeTypes.InputKeyDownEnter:
        case useCombobox.stateChangeTypes.ItemClick:
          if (selectedItem) {
            setChosen([...chosen, selectedItem]);
            setQuery("");
            setStatus(texts.added(selectedItem.label, chosen.length + 1));
          }
          break;
        case useCombobox.stateChangeTypes.InputChange:
          setQuery(inputValue ?? "");
          break;
      }
    },
  });

  return (
    <div className="field combobox">
      <label {...getLabelProps()}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {chosen.length > 0 ? (
        <ul className="chips" aria-label={texts.chosen}>
          {chosen.map((choice, index) => (
            <li key={choice.value}>
              <button
                type="button"
                className="chip"
                {...getSelectedItemProps({
                  selectedItem: choice,
                  index,
                  onClick: () => {
                    remove(choice);
                    input.current?.focus();
                  },
                })}
                // One Tab stop for the chips (the last one until the arrows pick another), as downshift leaves none.
                tabIndex={index === (activeIndex === -1 ? chosen.length - 1 : activeIndex) ? 0 : -1}
                aria-label={texts.remove(choice.label)}
              >
                {choice.label}
                <span aria-hidden="true"> ×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        {...getInputProps({
          ...getDropdownProps({ preventKeyAction: isOpen, ref: input }),
          "aria-describedby": [hintId, invalid ? field.errorId : undefined].filter(Boolean).join(" ") || undefined,
          "aria-invalid": invalid || undefined,
        })}
        // With nothing left to show, downshift still points at the first option, which is gone.
        {...(available.length === 0 ? { "aria-activedescendant": undefined } : {})}
        autoComplete="off"
      />
      <ul {...getMenuProps()} className="combobox-menu" hidden={!isOpen || available.length === 0}>
        {isOpen
          ? available.map((choice, index) => (
              <li key={choice.value} className={highlightedIndex === index ? "highlighted" : undefined} {...getItemProps({ item: choice, index })}>
                {choice.label}
              </li>
            ))
          : null}
      </ul>
      {chosen.map((choice) => (
        <input key={choice.value} type="hidden" name={name} value={choice.value} form={formId} />
      ))}
      {isOpen && available.length === 0 ? <p className="hint">{texts.noMatch}</p> : null}
      <p role="status" className="visually-hidden">
        {status}
      </p>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}
