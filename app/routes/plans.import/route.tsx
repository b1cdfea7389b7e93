import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { saveUpload } from "~/models/import-upload.server";
import { readTrelloExport } from "~/models/trello-import.server";
import { importUploadSchema } from "~/schemas/import";
import { requirePermission } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { readFormData } from "~/utils/form.server";
import { importErrorMessage, type ImportErrorMessage } from "~/utils/import-errors";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const manageOwnPlans = (args: LoaderFunctionArgs) =>
  requirePermission(args, "plan:manage", (actor) => ({ organisationId: actor.organisationId, unitId: null }));

export async function loader(args: LoaderFunctionArgs) {
  await manageOwnPlans(args);
  return { megabytes: getEnv().IMPORT_MAX_MB };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [importUploadSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const actor = await manageOwnPlans(args);
  const form = importUploadSchema.safeParse(Object.fromEntries(await readFormData(args.request)));
  if (!form.success) return Response.json({ error: { key: "import.errors.noFile" } satisfies ImportErrorMessage }, { status: 400 });
  const text = await form.data.file.text();
  const read = readTrelloExport(text);
  if (!read.ok) return Response.json({ error: importErrorMessage(read.error) }, { status: 400 });
  const uploadId = await saveUpload(args.context.db, actor, form.data.file.name, text);
  return redirect(`/plans/import/${uploadId}`);
}

export default function ImportUpload() {
  const { megabytes } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const error = answer?.error ?? null;
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/plans">{t("board.backToPlans")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p className="lead">{t("import.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="stack panel">
        <input type="hidden" name="intent" value="upload" />
        <div className="field">
          <label htmlFor="import-file">{t("import.file")}</label>
          <p id="import-file-hint" className="hint">
            {t("import.fileHint", { megabytes })}
          </p>
          <input
            id="import-file"
            type="file"
            name="file"
            accept="application/json,.json"
            required
            aria-describedby={error ? "import-file-hint import-file-error" : "import-file-hint"}
            aria-invalid={error ? true : undefined}
          />
          {error ? (
            <ul id="import-file-error" className="field-errors" role="alert">
              <li>{t(error.key as never, error.values)}</li>
            </ul>
          ) : null}
        </div>
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t("import.upload")}
        </button>
      </Form>
    </div>
  );
}
