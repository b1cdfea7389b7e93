import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "~/components/i18n";
import { reportImportProgress } from "~/models/import-progress.server";
import { dropUpload } from "~/models/import-upload.server";
import { importWords, prepareTrelloImport, writeImportedPlan, type PreparedImport } from "~/models/plan-import.server";
import type { ImportWords } from "~/models/trello-import.server";
import { importMappingSchema } from "~/schemas/import";
import { requirePermission } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { loadTranslations } from "~/utils/locale-resources";
import { resolveLocale } from "~/utils/locale.server";
import { readParams } from "~/utils/params.server";
import { ImportPreviewView, type ImportPreviewData } from "./preview";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const uploadParams = z.object({ uploadId: z.uuid() });

const manageOwnPlans = (args: LoaderFunctionArgs) =>
  requirePermission(args, "plan:manage", (actor) => ({ organisationId: actor.organisationId, unitId: null }));

async function wordsFor(request: Request): Promise<ImportWords> {
  return importWords(await loadTranslations(await resolveLocale(request)));
}

/** What the page shows of a prepared import: the figures and choices, not the rows it writes. */
function pageData(prepared: Extract<PreparedImport, { status: "ready" }>): ImportPreviewData {
  const { plan, ...preview } = prepared.preview;
  return {
    ...preview,
    fileName: prepared.fileName,
    people: prepared.people,
    importedBefore: prepared.importedBefore.map((earlier) => earlier.title),
    result: {
      columns: plan.columns.map((column) => column.name),
      focusAreas: plan.focusAreas.map((area) => area.name),
      assignments: plan.assignments.length,
      archived: plan.assignments.filter((assignment) => assignment.archived).length,
    },
  };
}

/** An upload imported already, older than a day, or someone else's. */
const gone = () => Response.json({ errors: ["import.uploadGone"] }, { status: 404 });

export async function loader(args: LoaderFunctionArgs) {
  const actor = await manageOwnPlans(args);
  const { uploadId } = readParams(args.params, uploadParams);
  const prepared = await prepareTrelloImport(args.context.db, actor, uploadId, await wordsFor(args.request), null);
  if (prepared.status !== "ready") throw gone();
  return { data: pageData(prepared), message: null as string | null };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = importMappingSchema.shape.intent.options;

export async function action(args: ActionFunctionArgs) {
  const actor = await manageOwnPlans(args);
  const { uploadId } = readParams(args.params, uploadParams);
  const submission = parseWithZod(await readFormData(args.request), { schema: importMappingSchema });
  if (submission.status !== "success") return Response.json({ data: null, message: "import.invalidChoice" }, { status: 400 });
  const choice = submission.value;
  const { db } = args.context;
  const importing = choice.intent === "import";
  if (importing) reportImportProgress(uploadId, actor.id, { phase: "reading", written: 0, total: 0 });
  const prepared = await prepareTrelloImport(db, actor, uploadId, await wordsFor(args.request), choice);
  if (prepared.status === "gone") throw gone();
  if (prepared.status === "invalid") return Response.json({ data: null, message: "import.invalidChoice" }, { status: 400 });
  if (choice.intent === "preview") return { data: pageData(prepared), message: null };
  if (prepared.importedBefore.length > 0 && choice.importAgain !== "yes") {
    return Response.json({ data: pageData(prepared), message: "import.alreadyImportedRefused" }, { status: 409 });
  }
  const total = prepared.preview.plan.assignments.length;
  reportImportProgress(uploadId, actor.id, { phase: "writing", written: 0, total });
  const { planId } = await writeImportedPlan(db, actor, prepared.preview.plan, ({ written }) =>
    reportImportProgress(uploadId, actor.id, { phase: "writing", written, total }),
  );
  reportImportProgress(uploadId, actor.id, { phase: "done", written: total, total });
  await dropUpload(db, uploadId);
  return redirect(`/plans/${planId}`);
}

export default function ImportPreview() {
  const loaded = useLoaderData<typeof loader>();
  const answered = useActionData<typeof action>();
  const { t } = useTranslation();
  const data = answered?.data ?? loaded.data;
  const location = useLocation();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/plans/import">{t("import.title")}</Link>
      </p>
      <ImportPreviewView data={data} message={answered?.message ?? null} progressUrl={`${location.pathname}/progress`} />
    </div>
  );
}
