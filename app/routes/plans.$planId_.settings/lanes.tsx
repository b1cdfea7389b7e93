import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/components/i18n";
import { CheckboxField, ErrorList, SchemaForm, SelectField, TextField, useSchemaForm } from "~/components/form";
import {
  addColumnSchema,
  addFocusAreaSchema,
  removeColumnSchema,
  removeFocusAreaSchema,
  updateColumnSchema,
  updateFocusAreaSchema,
} from "~/schemas/plan";

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
  const [form, fields] = useSchemaForm({
    id: `update-column-${lane.id}`,
    schema: updateColumnSchema,
    lastResult,
    defaultValue: { name: lane.name, wipLimit: lane.wipLimit ? String(lane.wipLimit) : "", isDone: lane.isDone ? "on" : undefined },
  });
  return (
    <SchemaForm form={form} className="lane-form" preventScrollReset>
      <input type="hidden" name="intent" value="update-column" />
      <input type="hidden" name="columnId" value={lane.id} />
      <TextField field={fields.name} label={t("settings.name")} autoComplete="off" />
      <TextField field={fields.wipLimit} label={t("settings.wipLimit")} hint={t("settings.wipLimitHint")} type="number" min={1} max={999} />
      <CheckboxField field={fields.isDone} label={t("settings.isDone")} />
      <button type="submit">
        {t("settings.save")}
        <span className="visually-hidden"> {lane.name}</span>
      </button>
    </SchemaForm>
  );
}

function FocusAreaForm({ lane, lastResult }: { lane: Lane; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: `update-focus-area-${lane.id}`,
    schema: updateFocusAreaSchema,
    lastResult,
    defaultValue: { name: lane.name, description: lane.description ?? "" },
  });
  return (
    <SchemaForm form={form} className="lane-form" preventScrollReset>
      <input type="hidden" name="intent" value="update-focus-area" />
      <input type="hidden" name="focusAreaId" value={lane.id} />
      <TextField field={fields.name} label={t("settings.name")} autoComplete="off" />
      <TextField field={fields.description} label={t("settings.description")} autoComplete="off" className="field lane-description" />
      <button type="submit">
        {t("settings.save")}
        <span className="visually-hidden"> {lane.name}</span>
      </button>
    </SchemaForm>
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
  const [form, fields] = useSchemaForm({
    id: `remove-${kind}-${lane.id}`,
    schema: kind === "column" ? removeColumnSchema : removeFocusAreaSchema,
    lastResult,
  });
  const target = kind === "column" ? fields.targetColumnId : fields.targetFocusAreaId;
  return (
    <details className="lane-remove" open={lastResult ? true : undefined}>
      <summary>
        {t(`settings.${kind}.remove`)}
        <span className="visually-hidden"> {lane.name}</span>
      </summary>
      <SchemaForm form={form} className="stack" preventScrollReset>
        <input type="hidden" name="intent" value={INTENT[kind].remove} />
        <input type="hidden" name={INTENT[kind].idField} value={lane.id} />
        {lane.cardCount > 0 ? (
          <>
            <p className="hint">{t(`settings.${kind}.removeHint`, { count: lane.cardCount })}</p>
            <SelectField field={target} label={t(`settings.${kind}.target`)}>
              <option value="">{t(`settings.${kind}.chooseTarget`)}</option>
              {others.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.name}
                </option>
              ))}
            </SelectField>
          </>
        ) : (
          <p className="hint">{t(`settings.${kind}.removeEmpty`)}</p>
        )}
        <button type="submit" className="danger">
          {t(`settings.${kind}.remove`)}
          <span className="visually-hidden"> {lane.name}</span>
        </button>
      </SchemaForm>
    </details>
  );
}

function AddLaneForm({ kind, lastResult }: { kind: LaneKind; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: `add-${kind}`,
    schema: kind === "column" ? addColumnSchema : addFocusAreaSchema,
    lastResult,
  });
  return (
    <SchemaForm form={form} className="lane-form lane-add" preventScrollReset aria-labelledby={`add-${kind}-heading`}>
      <h3 id={`add-${kind}-heading`}>{t(`settings.${kind}.add`)}</h3>
      <input type="hidden" name="intent" value={INTENT[kind].add} />
      <TextField field={fields.name} label={t("settings.name")} autoComplete="off" />
      {kind === "focusArea" ? (
        <TextField field={fields.description} label={t("settings.description")} autoComplete="off" className="field lane-description" />
      ) : null}
      <button type="submit" className="primary">
        {t(`settings.${kind}.addButton`)}
      </button>
    </SchemaForm>
  );
}
