import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { z } from "zod";
import { AssignmentFields } from "~/components/assignment-fields";
import { SchemaForm, SelectField, TextAreaField, TextField, useSchemaForm } from "~/components/form";
import {
  addComment,
  BoardError,
  loadAssignment,
  loadAssignmentFormOptions,
  moveAssignment,
  setAssignmentArchived,
  updateAssignment,
  type BoardErrorCode,
} from "~/models/assignment.server";
import { timeInColumns } from "~/models/flow.server";
import { assignmentActionSchema } from "~/schemas/assignment";
import { authorize, requireActor } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatCalendarDate, formatInstant, wholeDaysBetween } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { readParams } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { History, TimeInColumns } from "./history";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.assignment.title} · Planboard` : "Planboard" },
];

const paramsSchema = z.object({ planId: z.uuid(), assignmentId: z.uuid() });

async function visibleAssignment(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { planId, assignmentId } = readParams(args.params, paramsSchema);
  const assignment = await loadAssignment(args.context.db, assignmentId);
  if (!assignment || assignment.planId !== planId) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: assignment.organisationId, unitId: assignment.unitId });
  return { actor, assignment };
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor, assignment } = await visibleAssignment(args);
  const subject = { organisationId: assignment.organisationId, unitId: assignment.unitId, workingGroupId: assignment.workingGroupId };
  const open = !assignment.archivedAt && !assignment.planArchivedAt;
  const permissions = {
    update: open && can(actor, "assignment:update", subject),
    comment: open && can(actor, "assignment:comment", subject),
    manage: !assignment.planArchivedAt && can(actor, "plan:manage", subject),
  };
  const now = new Date();
  const [options, locale, columnTimes] = await Promise.all([
    permissions.update ? loadAssignmentFormOptions(args.context.db, assignment.organisationId, assignment.planId) : null,
    resolveLocale(args.request),
    timeInColumns(args.context.db, assignment.id, now),
  ]);
  const { comments, ...details } = assignment;
  return {
    assignment: details,
    descriptionHtml: renderMarkdown(assignment.description),
    comments: comments.map(({ body, ...comment }) => ({ ...comment, bodyHtml: renderMarkdown(body) })),
    options,
    permissions,
    locale,
    columnTimes,
    now: now.toISOString(),
  };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = assignmentActionSchema.options.map((option) => option.shape.intent.value);

export async function action(args: ActionFunctionArgs) {
  const { actor, assignment } = await visibleAssignment(args);
  const { db } = args.context;
  const submission = await parseForm(args.request, assignmentActionSchema);
  if (submission.status !== "success") {
    return Response.json({ intent: String(submission.payload.intent ?? ""), result: submission.reply(), error: null }, { status: 400 });
  }
  const { value } = submission;
  let changed = true;
  try {
    switch (value.intent) {
      case "update":
        await updateAssignment(db, actor, assignment.id, value.version, {
          title: value.title,
          description: value.description,
          focusAreaId: value.focusAreaId,
          workingGroupId: value.workingGroupId ?? null,
          responsibleIds: value.responsibleIds,
          dueOn: value.dueOn ?? null,
        });
        break;
      case "comment":
        await addComment(db, actor, assignment.id, value.body);
        break;
      case "archive":
      case "restore":
        await setAssignmentArchived(db, actor, assignment.id, value.version, value.intent === "archive");
        break;
      case "move":
        ({ changed } = await moveAssignment(db, actor, {
          planId: assignment.planId,
          assignmentId: assignment.id,
          version: value.version,
          toColumnId: value.toColumnId,
          toFocusAreaId: value.toFocusAreaId,
          placement: { position: value.position },
        }));
        break;
    }
    return { intent: value.intent, result: submission.reply({ resetForm: true }), error: null, changed };
  } catch (error) {
    if (!(error instanceof BoardError)) throw error;
    return Response.json(
      { intent: value.intent, result: submission.reply({ formErrors: [`errors.board.${error.code}`] }), error: error.code },
      { status: error.status },
    );
  }
}

export default function AssignmentPage() {
  const { assignment, descriptionHtml, comments, options, permissions, locale, columnTimes, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const refusal = actionData?.error ? (actionData.error as BoardErrorCode) : null;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plans/${assignment.planId}?card=${assignment.id}#card-${assignment.id}`}>{assignment.planTitle}</Link>
      </p>
      <h1>{assignment.title}</h1>
      {refusal ? (
        <p className="alert" role="alert">
          {t(`errors.board.${refusal}`)}
        </p>
      ) : null}
      {assignment.archivedAt ? <p className="notice-inline">{t("assignment.archivedNote")}</p> : null}
      <div className="assignment-layout">
        <div>
          <dl className="facts">
            <dt>{t("assignment.column")}</dt>
            <dd>
              {assignment.columnName} ·{" "}
              {t("card.daysInColumn", { count: wholeDaysBetween(assignment.columnEnteredAt, now) })}
            </dd>
            <dt>{t("assignment.focusArea")}</dt>
            <dd>{assignment.focusAreaName}</dd>
            <dt>{t("assignment.group")}</dt>
            <dd>{assignment.group?.name ?? t("card.noGroup")}</dd>
            <dt>{t("assignment.responsible")}</dt>
            <dd>{assignment.responsibles.map((person) => person.name).join(", ") || "–"}</dd>
            <dt>{t("assignment.dueOn")}</dt>
            <dd>{assignment.dueOn ? formatCalendarDate(assignment.dueOn, locale) : "–"}</dd>
            <dt>{t("assignment.created")}</dt>
            <dd>{formatInstant(assignment.createdAt, locale)}</dd>
          </dl>
          <section aria-labelledby="description-title">
            <h2 id="description-title">{t("assignment.description")}</h2>
            {assignment.description ? (
              <div className="markdown" dangerouslySetInnerHTML={{ __html: descriptionHtml }} />
            ) : (
              <p className="muted">{t("assignment.noDescription")}</p>
            )}
          </section>
          <Comments
            comments={comments}
            mayComment={permissions.comment}
            lastResult={resultFor("comment")}
            locale={locale}
          />
          <TimeInColumns times={columnTimes} locale={locale} />
          <History events={assignment.history} locale={locale} />
        </div>
        <div>
          {permissions.update && options ? (
            <>
              <MoveForm
                assignment={assignment}
                options={options}
                lastResult={resultFor("move")}
                unchanged={actionData?.intent === "move" && "changed" in actionData && actionData.changed === false}
              />
              <EditForm assignment={assignment} options={options} mayChangeGroup={permissions.manage} lastResult={resultFor("update")} />
            </>
          ) : null}
          {permissions.manage ? (
            <section className="panel" aria-labelledby="archive-title">
              <h2 id="archive-title">{assignment.archivedAt ? t("assignment.restoreTitle") : t("assignment.archiveTitle")}</h2>
              <p className="hint">{assignment.archivedAt ? t("assignment.restoreHint") : t("assignment.archiveHint")}</p>
              <Form method="post">
                <input type="hidden" name="version" value={assignment.version} />
                <button type="submit" name="intent" value={assignment.archivedAt ? "restore" : "archive"}>
                  {assignment.archivedAt ? t("assignment.restore") : t("assignment.archive")}
                </button>
              </Form>
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type LastResult = SubmissionResult<string[]> | undefined;

function EditForm({
  assignment,
  options,
  mayChangeGroup,
  lastResult,
}: {
  assignment: Loaded["assignment"];
  options: NonNullable<Loaded["options"]>;
  mayChangeGroup: boolean;
  lastResult: LastResult;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: `edit-${assignment.id}-${assignment.version}`,
    schema: assignmentActionSchema,
    lastResult,
    defaultValue: {
      title: assignment.title,
      description: assignment.description,
      focusAreaId: assignment.focusAreaId,
      workingGroupId: assignment.workingGroupId ?? "",
      responsibleIds: assignment.responsibles.map((person) => person.id),
      dueOn: assignment.dueOn ?? "",
    },
  });
  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">{t("assignment.editTitle")}</h2>
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="version" value={assignment.version} />
        <AssignmentFields fields={fields} options={options} mayChangeGroup={mayChangeGroup} />
        <button type="submit" className="primary">
          {t("assignment.save")}
        </button>
      </SchemaForm>
    </section>
  );
}

function MoveForm({
  assignment,
  options,
  lastResult,
  unchanged,
}: {
  assignment: Loaded["assignment"];
  options: NonNullable<Loaded["options"]>;
  lastResult: LastResult;
  /** The last move asked for the place the card already had. */
  unchanged: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: `move-${assignment.id}-${assignment.version}`,
    schema: assignmentActionSchema,
    lastResult,
    // The form opens on the card's own place, so saving it untouched changes nothing.
    defaultValue: { toColumnId: assignment.columnId, toFocusAreaId: assignment.focusAreaId, position: String(assignment.positionInCell) },
  });
  return (
    <section className="panel" aria-labelledby="move-title">
      <h2 id="move-title">{t("assignment.moveTitle")}</h2>
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="version" value={assignment.version} />
        {unchanged ? (
          <p className="notice-inline" role="status">
            {t("assignment.moveUnchanged")}
          </p>
        ) : null}
        <SelectField field={fields.toColumnId} label={t("assignment.column")}>
          {options.columns.map((column) => (
            <option key={column.id} value={column.id}>
              {column.name}
            </option>
          ))}
        </SelectField>
        <SelectField field={fields.toFocusAreaId} label={t("assignment.focusArea")}>
          {options.focusAreas.map((area) => (
            <option key={area.id} value={area.id}>
              {area.name}
            </option>
          ))}
        </SelectField>
        <TextField field={fields.position} label={t("dnd.formPosition")} type="number" min={1} />
        <button type="submit">{t("assignment.move")}</button>
      </SchemaForm>
    </section>
  );
}

function Comments({
  comments,
  mayComment,
  lastResult,
  locale,
}: {
  comments: Loaded["comments"];
  mayComment: boolean;
  lastResult: LastResult;
  locale: Loaded["locale"];
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "comment",
    schema: assignmentActionSchema,
    lastResult,
  });
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t("assignment.comments")}</h2>
      {comments.length === 0 ? <p className="muted">{t("assignment.noComments")}</p> : null}
      <ol className="comment-list">
        {comments.map((comment) => (
          <li key={comment.id}>
            <p className="comment-meta">
              <strong>{comment.authorName ?? t("assignment.formerUser")}</strong> · {formatInstant(comment.createdAt, locale)}
            </p>
            <div className="comment-body" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
          </li>
        ))}
      </ol>
      {mayComment ? (
        <SchemaForm form={form} className="stack">
          <input type="hidden" name="intent" value="comment" />
          <TextAreaField field={fields.body} label={t("assignment.newComment")} hint={t("assignment.markdownHint")} rows={3} />
          <button type="submit">{t("assignment.addComment")}</button>
        </SchemaForm>
      ) : null}
    </section>
  );
}
