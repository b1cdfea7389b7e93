import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmedSubmit } from "~/components/confirmed-submit";
import { SchemaForm, SelectField, TextField, useSchemaForm } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { addUnit, listUnitTree, removeUnit, updateUnit, UnitError, type UnitNode } from "~/models/unit.server";
import { UNIT_KINDS, unitActionSchema, type UnitSubmission } from "~/schemas/unit";
import { requirePermission } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const administerOwnOrganisation = (args: LoaderFunctionArgs) =>
  requirePermission(args, "people:administer", (actor) => ({ organisationId: actor.organisationId, unitId: null }));

export async function loader(args: LoaderFunctionArgs) {
  const actor = await administerOwnOrganisation(args);
  return { units: await listUnitTree(args.context.db, actor.organisationId) };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = unitActionSchema.options.map((option) => option.shape.intent.value);

interface UnitActionData {
  /** Which form on the page answered: the intent, and the unit for a unit's own forms. */
  form: string;
  result: SubmissionResult<string[]>;
  notice: { key: "units.added" | "units.saved" | "units.removed"; name: string } | null;
}

async function perform(db: Db, organisationId: string, value: UnitSubmission): Promise<NonNullable<UnitActionData["notice"]>> {
  switch (value.intent) {
    case "add-unit": {
      const unit = await addUnit(db, organisationId, { name: value.name, kind: value.kind, parentId: value.parentId ?? null });
      return { key: "units.added", name: unit.name };
    }
    case "update-unit": {
      const unit = await updateUnit(db, organisationId, value.unitId, { name: value.name, kind: value.kind, parentId: value.parentId ?? null });
      return { key: "units.saved", name: unit.name };
    }
    case "remove-unit": {
      const unit = await removeUnit(db, organisationId, value.unitId);
      return { key: "units.removed", name: unit.name };
    }
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await administerOwnOrganisation(args);
  const submission = await parseForm(args.request, unitActionSchema);
  const payload = submission.payload;
  const form = typeof payload.unitId === "string" ? `${String(payload.intent)}:${payload.unitId}` : String(payload.intent);
  const answer = (data: UnitActionData, status = 200) => Response.json(data, { status });
  if (submission.status !== "success") return answer({ form, result: submission.reply(), notice: null }, 400);
  try {
    const notice = await perform(args.context.db, actor.organisationId, submission.value);
    return answer({ form, result: submission.reply({ resetForm: submission.value.intent === "add-unit" }), notice });
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    if (error.code === "not-found") throw new Response("Not found", { status: 404 });
    const result =
      error.code === "parent-invalid"
        ? submission.reply({ fieldErrors: { parentId: ["units.errors.parentInvalid"] } })
        : submission.reply({ formErrors: ["units.errors.inUse"] });
    return answer({ form, result, notice: null }, error.status);
  }
}

export default function Units() {
  const { units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as UnitActionData | undefined;
  const { t } = useTranslation();
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined);

  return (
    <div className="page">
      <h1>{t("units.title")}</h1>
      <p className="lead">{t("units.intro")}</p>
      <p role="status" className="success">
        {actionData?.notice ? t(actionData.notice.key, { name: actionData.notice.name }) : null}
      </p>
      {units.length === 0 ? (
        <p>{t("units.empty")}</p>
      ) : (
        <UnitList parentId={null} units={units} resultFor={resultFor} />
      )}
      <section aria-labelledby="add-unit" className="panel">
        <h2 id="add-unit">{t("units.addTitle")}</h2>
        <UnitForm id="add-unit-form" intent="add-unit" units={units} lastResult={resultFor("add-unit")} submitLabel={t("units.add")} />
      </section>
    </div>
  );
}

/** The units below `parentId` as a list, each with its own list below it: the tree as nested lists. */
function UnitList({
  parentId,
  units,
  resultFor,
}: {
  parentId: string | null;
  units: UnitNode[];
  resultFor: (form: string) => SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const level = units.filter((unit) => (parentId === null ? unit.depth === 0 : unit.parentId === parentId));
  if (level.length === 0) return null;
  const parent = units.find((unit) => unit.id === parentId);
  return (
    <ul className="unit-tree" aria-label={parent ? t("units.listBelow", { name: parent.name }) : t("units.title")}>
      {level.map((unit) => (
        <li key={unit.id}>
          <UnitRow unit={unit} units={units} lastResult={resultFor(`update-unit:${unit.id}`)} removeResult={resultFor(`remove-unit:${unit.id}`)} />
          <UnitList parentId={unit.id} units={units} resultFor={resultFor} />
        </li>
      ))}
    </ul>
  );
}

function UnitRow({
  unit,
  units,
  lastResult,
  removeResult,
}: {
  unit: UnitNode;
  units: UnitNode[];
  lastResult?: SubmissionResult<string[]>;
  removeResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [removeForm] = useSchemaForm({ id: `remove-unit-${unit.id}`, schema: unitActionSchema, lastResult: removeResult });
  const inUse = unit.children + unit.people + unit.plans > 0;
  return (
    <div className="unit-row" role="group" aria-labelledby={`unit-${unit.id}`}>
      <p>
        <strong id={`unit-${unit.id}`}>{unit.name}</strong> <span className="muted">({t(`units.kinds.${unit.kind}`)})</span>
        <br />
        <span className="muted">
          {[t("units.people", { count: unit.people }), t("units.plans", { count: unit.plans }), t("units.below", { count: unit.children })].join(" · ")}
        </span>
      </p>
      <details open={lastResult !== undefined}>
        <summary>
          {t("units.edit")}
          <span className="visually-hidden"> {unit.name}</span>
        </summary>
        <UnitForm
          id={`update-unit-${unit.id}`}
          intent="update-unit"
          unit={unit}
          units={units.filter((other) => other.id !== unit.id)}
          lastResult={lastResult}
          submitLabel={t("units.save")}
        />
        {inUse ? (
          <p className="muted">{t("units.removeInUse")}</p>
        ) : (
          <SchemaForm form={removeForm}>
            <input type="hidden" name="unitId" value={unit.id} />
            <ConfirmedSubmit
              name="intent"
              value="remove-unit"
              label={t("units.remove")}
              question={t("units.removeQuestion", { name: unit.name })}
              consequence={t("units.removeConsequence")}
              confirmLabel={t("units.removeConfirm")}
            />
          </SchemaForm>
        )}
      </details>
    </div>
  );
}

function UnitForm({
  id,
  intent,
  unit,
  units,
  lastResult,
  submitLabel,
}: {
  id: string;
  intent: "add-unit" | "update-unit";
  unit?: UnitNode;
  units: UnitNode[];
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id,
    schema: unitActionSchema,
    lastResult,
    defaultValue: unit ? { intent, name: unit.name, kind: unit.kind, parentId: unit.parentId ?? "" } : { intent, kind: "unit" },
  });
  return (
    <SchemaForm form={form} className="stack">
      <input type="hidden" name="intent" value={intent} />
      {unit ? <input type="hidden" name="unitId" value={unit.id} /> : null}
      <TextField field={fields.name} label={t("units.name")} autoComplete="off" />
      <SelectField field={fields.kind} label={t("units.kind")}>
        {UNIT_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`units.kinds.${kind}`)}
          </option>
        ))}
      </SelectField>
      <SelectField field={fields.parentId} label={t("units.parent")}>
        <option value="">{t("units.noParent")}</option>
        {units.map((other) => (
          <option key={other.id} value={other.id}>
            {"\u00a0".repeat(other.depth * 2)}
            {other.name}
          </option>
        ))}
      </SelectField>
      <button type="submit">{submitLabel}</button>
    </SchemaForm>
  );
}
