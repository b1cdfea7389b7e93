import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { SchemaForm, useSchemaForm } from "~/components/form";
import { createGroup, isBeforeToday } from "~/models/group.server";
import { createGroupSchema } from "~/schemas/group";
import { requirePermission } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import groupStyles from "../groups._index/groups.css";
import { GroupFields } from "./group-fields";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: groupStyles }];

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const manageOwnGroups = (args: LoaderFunctionArgs) =>
  requirePermission(args, "group:manage", (actor) => ({ organisationId: actor.organisationId, unitId: null }));

export async function loader(args: LoaderFunctionArgs) {
  await manageOwnGroups(args);
  return null;
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [createGroupSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const actor = await manageOwnGroups(args);
  const { db } = args.context;
  const submission = await parseForm(args.request, createGroupSchema, async (value, ctx) => {
    if (
      value.recruitment === "open_application" &&
      value.applicationsCloseOn &&
      (await isBeforeToday(db, value.applicationsCloseOn))
    ) {
      ctx.addIssue({ code: "custom", path: ["applicationsCloseOn"], message: "groups.errors.closeInPast" });
    }
  }, { reads: ["recruitment", "applicationsCloseOn"] });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const group = await createGroup(db, actor, submission.value);
  return redirect(`/groups/${group.id}`);
}

export default function NewGroup() {
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "create-group",
    schema: createGroupSchema,
    lastResult,
    defaultValue: { recruitment: "invited" },
  });

  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/groups">{t("groups.title")}</Link>
      </p>
      <h1>{t("groups.form.newTitle")}</h1>
      <p className="lead">{t("groups.form.intro")}</p>
      <SchemaForm form={form} className="stack panel">
        <input type="hidden" name="intent" value="create" />
        <GroupFields fields={fields} />
        <button type="submit" className="primary">
          {t("groups.form.create")}
        </button>
      </SchemaForm>
    </div>
  );
}
