import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/components/i18n";
import { ErrorList, TextField } from "~/components/form";
import {
  addColumnSchema,
  addFocusAreaSchema,
  removeColumnSchema,
  removeFocusAreaSchema,
  updateColumnSchema,
  updateFocusAreaSchema,
} from "~/schemas/plan";
import { useFormWithErrors } from "../plans.new/use-form-with-errors";

/** Columns and focus areas are both lanes of the board; the page treats them alike. */
export type LaneKind = "column" | "focusArea";

export interface LaneNotice {
  section: "plan" | "details" | LaneKind;
  /** An i18n key, with the values it interpolates. */
  key: string;
  values?: Record<string, string | number>;
}

interface ActionData {
  form: string;
  result: SubmissionResult<string[]>;
  notice: LaneNotice | null;
  moved: { id: string; direction: "up" | "down" } | null;
}

interface Lane {
  id: string;
  name: string;
  cardCount: number;
  openCount: number;
  isDone?: boolean;
  wipLimit?: number | null;
  description?: string;
}

const INTENT = {
  column: { add: "add-column", update: "update-column", move: "move-column", remove: "remove-column", idField: "columnId" },
  focusArea: {
    add: "add-focus-area",
    update: "update-focus-area",
    move: "move-focus-area",
    remove: "remove-focus-area",
    idField: "focusAreaId",
  },
} as const;

/** A polite status line: present from the start, so screen readers announce what appears in it. */
export function Notice({ notice }: { notice: LaneNotice | null | undefined }) {
  const { t } = useTranslation();
  // The key comes from the server's answer, so it is not known to the type checker here.
  const translate = t as unknown as (key: string, values?: LaneNotice["values"]) => string;
  return (
    <p role="status" className="success settings-notice">
      {notice ? translate(notice.key, notice.values) : null}
    </p>
  );
}

interface LaneSectionProps {
  kind: LaneKind;
  lanes: Lane[];
  actionData: ActionData | undefined;
}

export function LaneSection({ kind, lanes, actionData }: LaneSectionProps) {
  const { t } = useTranslation();
  const resultFor = (intent: string, id?: string) =>
    actionData?.form === (id ? `${intent}:${id}` : intent) ? actionData.result : undefined;
  return (
    <section className="panel" aria-labelledby={`${kind}-heading`}>
      <h2 id={`${kind}-heading`}>{t(`settings.${kind}.heading`)}</h2>
      <p className="hint">{t(`settings.${kind}.intro`)}</p>
      <ol className="lane-list">
        {lanes.map((lane, index) => (
          <LaneItem
            key={lane.id}
            kind={kind}
            lane={lane}
            position={index + 1}
            size={lanes.length}
            others={lanes.filter((other) => other.id !== lane.id)}
            updateResult={resultFor(INTENT[kind].update, lane.id)}
            removeResult={resultFor(INTENT[kind].remove, lane.id)}
            moveResult={resultFor(INTENT[kind].move, lane.id)}
            moved={actionData?.moved?.id === lane.id ? actionData.moved : null}
          />
        ))}
      </ol>
      <Notice notice={actionData?.notice?.section === kind ? actionData.notice : null} />
      <AddLaneForm kind={kind} lastResult={resultFor(INTENT[kind].add)} />
    </section>
  );
}

interface LaneItemProps {
  kind: LaneKind;
  lane: Lane;
  position: number;
  size: number;
  others: Lane[];
  updateResult: SubmissionResult<string[]> | undefined;
  removeResult: SubmissionResult<string[]> | undefined;
  moveResult: SubmissionResult<string[]> | undefined;
  moved: { direction: "up" | "down" } | null;
}

function LaneItem({ kind, lane, position, size, others, updateResult, removeResult, moveResult, moved }: LaneItemProps) {
  const { t } = useTranslation();
  const headingId = `${kind}-${lane.id}-name`;
  const archived = lane.cardCount - lane.openCount;
  return (
    <li className="lane-item" aria-labelledby={headingId}>
      <div className="lane-head">
        <h3 id={headingId}>{lane.name}</h3>
        <p className="lane-facts">
          {t("settings.place", { position, size })}
          {" · "}
          {t("settings.cards", { count: lane.cardCount })}
          {archived > 0 ? ` (${t("settings.archivedCards", { count: archived })})` : null}
          {lane.isDone ? ` · ${t("settings.done")}` : null}
          {lane.wipLimit ? ` · ${t("settings.wipLimitShort", { limit: lane.wipLimit })}` : null}
        </p>
        <MoveButtons kind={kind} lane={lane} position={position} size={size} moved={moved} lastResult={moveResult} />
      </div>
      {kind === "column" ? (
        <ColumnForm lane={lane} lastResult={updateResult} />
      ) : (
        <FocusAreaForm lane={lane} lastResult={updateResult} />
      )}
      {size > 1 ? (
        <RemoveLaneForm kind={kind} lane={lane} others={others} lastResult={removeResult} />
      ) : (
        <p className="hint">{t(kind === "column" ? "settings.errors.last-column" : "settings.errors.last-focus-area")}</p>
      )}
    </li>
  );
}

function MoveButtons({
  kind,
  lane,
  position,
  size,
  moved,
  lastResult,
}: {
  kind: LaneKind;
  lane: Lane;
  position: number;
  size: number;
  moved: { direction: "up" | "down" } | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const isFirst = position === 1;
  const isLast = position === size;

  // The list is re-rendered in its new order: keep the keyboard where it was.
  useEffect(() => {
    if (!moved) return;
    const wanted = moved.direction === "up" ? (isFirst ? down : up) : isLast ? up : down;
    wanted.current?.focus();
  }, [moved, isFirst, isLast]);

  return (
    <Form method="post" className="lane-order" preventScrollReset>
      <input type="hidden" name="intent" value={INTENT[kind].move} />
      <input type="hidden" name={INTENT[kind].idField} value={lane.id} />
      <button ref={up} type="submit" name="direction" value="up" disabled={isFirst}>
        <span aria-hidden="true">↑ </span>
        {t("settings.moveUp")}
        <span className="visually-hidden"> {lane.name}</span>
      </button>
      <button ref={down} type="submit" name="direction" value="down" disabled={isLast}>
        <span aria-hidden="true">↓ </span>
        {t("settings.moveDown")}
        <span className="visually-hidden"> {lane.name}</span>
      </button>
      <ErrorList errors={lastResult?.error?.[""] ?? undefined} />
    </Form>
  );
}

function ColumnForm({ lane, lastResult }: { lane: Lane; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useFormWithErrors({
    id: `update-column-${lane.id}`,
    lastResult,
    defaultValue: { name: lane.name, wipLimit: lane.wipLimit ? String(lane.wipLimit) : "", isDone: lane.isDone ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateColumnSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const wipLimit = getInputProps(fields.wipLimit, { type: "number" });
  return (
    <Form method="post" {...getFormProps(form)} className="lane-form" preventScrollReset>
      <input type="hidden" name="intent" value="update-column" />
      <input type="hidden" name="columnId" value={lane.id} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextField field={fields.name} label={t("settings.name")} autoComplete="off" />
      <div className="field">
        <label htmlFor={fields.wipLimit.id}>{t("settings.wipLimit")}</label>
        <p id={`${fields.wipLimit.id}-hint`} className="hint">
          {t("settings.wipLimitHint")}
        </p>
        <input {...wipLimit} key={wipLimit.key} min={1} max={999} aria-describedby={`${fields.wipLimit.id}-hint ${wipLimit["aria-describedby"] ?? ""}`.trim()} />
        <ErrorList id={fields.wipLimit.errorId} errors={fields.wipLimit.errors} />
      </div>
      <label className="choice">
        <input {...getInputProps(fields.isDone, { type: "checkbox" })} key={fields.isDone.key} />
        {t("settings.isDone")}
      </label>
      <button type="submit">
        {t("settings.save")}
        <span className="visually-hidden"> {lane.name}</span>
      </button>
    </Form>
  );
}

function FocusAreaForm({ lane, lastResult }: { lane: Lane; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useFormWithErrors({
    id: `update-focus-area-${lane.id}`,
    lastResult,
    defaultValue: { name: lane.name, description: lane.description ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateFocusAreaSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="lane-form" preventScrollReset>
      <input type="hidden" name="intent" value="update-focus-area" />
      <input type="hidden" name="focusAreaId" value={lane.id} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextField field={fields.name} label={t("settings.name")} autoComplete="off" />
      <div className="lane-description">
        <TextField field={fields.description} label={t("settings.description")} autoComplete="off" />
      </div>
      <button type="submit">
        {t("settings.save")}
        <span className="visually-hidden"> {lane.name}</span>
      </button>
    </Form>
  );
}

function RemoveLaneForm({
  kind,
  lane,
  others,
  lastResult,
}: {
  kind: LaneKind;
  lane: Lane;
  others: Lane[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useFormWithErrors({
    id: `remove-${kind}-${lane.id}`,
    lastResult,
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: kind === "column" ? removeColumnSchema : removeFocusAreaSchema }),
    shouldValidate: "onSubmit",
  });
  const target = kind === "column" ? fields.targetColumnId : fields.targetFocusAreaId;
  return (
    <details className="lane-remove" open={lastResult ? true : undefined}>
      <summary>
        {t(`settings.${kind}.remove`)}
        <span className="visually-hidden"> {lane.name}</span>
      </summary>
      <Form method="post" {...getFormProps(form)} className="stack" preventScrollReset>
        <input type="hidden" name="intent" value={INTENT[kind].remove} />
        <input type="hidden" name={INTENT[kind].idField} value={lane.id} />
        <ErrorList id={form.errorId} errors={form.errors} />
        {lane.cardCount > 0 ? (
          <>
            <p className="hint">{t(`settings.${kind}.removeHint`, { count: lane.cardCount })}</p>
            <div className="field">
              <label htmlFor={target.id}>{t(`settings.${kind}.target`)}</label>
              <select {...getSelectProps(target)} key={target.key}>
                <option value="">{t(`settings.${kind}.chooseTarget`)}</option>
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.name}
                  </option>
                ))}
              </select>
              <ErrorList id={target.errorId} errors={target.errors} />
            </div>
          </>
        ) : (
          <p className="hint">{t(`settings.${kind}.removeEmpty`)}</p>
        )}
        <button type="submit" className="danger">
          {t(`settings.${kind}.remove`)}
          <span className="visually-hidden"> {lane.name}</span>
        </button>
      </Form>
    </details>
  );
}

function AddLaneForm({ kind, lastResult }: { kind: LaneKind; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useFormWithErrors({
    id: `add-${kind}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: kind === "column" ? addColumnSchema : addFocusAreaSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="lane-form lane-add" preventScrollReset aria-labelledby={`add-${kind}-heading`}>
      <h3 id={`add-${kind}-heading`}>{t(`settings.${kind}.add`)}</h3>
      <input type="hidden" name="intent" value={INTENT[kind].add} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextField field={fields.name} label={t("settings.name")} autoComplete="off" />
      {kind === "focusArea" ? (
        <div className="lane-description">
          <TextField field={fields.description} label={t("settings.description")} autoComplete="off" />
        </div>
      ) : null}
      <button type="submit" className="primary">
        {t(`settings.${kind}.addButton`)}
      </button>
    </Form>
  );
}
