import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmedSubmit } from "~/components/confirmed-submit";
import { useTranslation } from "~/components/i18n";
import { ErrorList, SchemaForm, TextField, useSchemaForm } from "~/components/form";
import { createShareLink, listShareLinks, revokeShareLink } from "~/models/share.server";
import { shareActionSchema } from "~/schemas/share";
import { authorize } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatCalendarDate, formatInstant } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import { requireReadablePlan } from "~/utils/plan-access.server";
import { CopyableLink } from "./copy-link";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

async function managedPlan(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  authorize(actor, "plan:manage", { organisationId: plan.organisationId, unitId: plan.unitId });
  if (plan.archivedAt) throw new Response("Not found", { status: 404 });
  return { actor, plan };
}

export async function loader(args: LoaderFunctionArgs) {
  const { plan } = await managedPlan(args);
  const [links, locale] = await Promise.all([listShareLinks(args.context.db, plan.id), resolveLocale(args.request)]);
  return { plan: { id: plan.id, title: plan.title }, links, locale, today: new Date().toISOString().slice(0, 10) };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = shareActionSchema.options.map((option) => option.shape.intent.value);

export async function action(args: ActionFunctionArgs) {
  const { actor, plan } = await managedPlan(args);
  const today = new Date().toISOString().slice(0, 10);
  const submission = await parseForm(args.request, shareActionSchema, (value, ctx) => {
    if (value.intent === "create" && value.expiresOn && value.expiresOn < today) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "errors.dateInPast" });
    }
  }, { reads: ["expiresOn"] });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), shareUrl: null }, { status: 400 });
  const { value } = submission;
  if (value.intent === "revoke") {
    if (!(await revokeShareLink(args.context.db, plan.id, value.linkId))) throw new Response("Not found", { status: 404 });
    return { result: submission.reply(), shareUrl: null };
  }
  const token = await createShareLink(args.context.db, plan.id, actor.id, { label: value.label, expiresOn: value.expiresOn ?? null });
  return { result: submission.reply({ resetForm: true }), shareUrl: `${new URL(args.request.url).origin}/share/${token}` };
}

export default function Sharing() {
  const { plan, links, locale, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "share-link",
    schema: shareActionSchema,
    lastResult: actionData?.result,
  });
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
      </p>
      <h1>{t("share.title", { plan: plan.title })}</h1>
      <p className="lead">{t("share.intro")}</p>
      {actionData?.shareUrl ? (
        <section className="panel notice" role="status" aria-labelledby="share-created">
          <h2 id="share-created">{t("share.created")}</h2>
          <CopyableLink url={actionData.shareUrl} />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="share-new">
        <h2 id="share-new">{t("share.create")}</h2>
        <SchemaForm form={form} className="stack">
          <input type="hidden" name="intent" value="create" />
          <TextField field={fields.label} label={t("share.label")} hint={t("share.labelHint")} autoComplete="off" />
          <TextField field={fields.expiresOn} label={t("share.expiresOn")} hint={t("share.expiresHint")} type="date" min={today} />
          <button type="submit" className="primary">
            {t("share.create")}
          </button>
        </SchemaForm>
      </section>
      <section aria-labelledby="share-links">
        <h2 id="share-links">{t("share.existing")}</h2>
        <ErrorList errors={actionData?.result.error?.confirm} />
        {links.length === 0 ? <p className="muted">{t("share.none")}</p> : null}
        <ul className="share-list">
          {links.map((link) => (
            <li key={link.id}>
              <p>
                <strong>{link.label || t("share.link")}</strong>{" "}
                <span className="muted">
                  · {t("share.createdBy", { date: formatInstant(link.createdAt, locale), name: link.createdByName ?? "–" })} ·{" "}
                  {link.revokedAt
                    ? t("share.revoked")
                    : !link.active
                      ? t("share.expired")
                      : link.expiresAt
                        ? t("share.expires", { date: formatInstant(link.expiresAt, locale) })
                        : t("share.noExpiry")}
                </span>
              </p>
              {link.active ? (
                <Form method="post">
                  <input type="hidden" name="linkId" value={link.id} />
                  <ConfirmedSubmit
                    name="intent"
                    value="revoke"
                    label={t("share.revoke")}
                    question={t("confirm.revokeLink.question", { label: link.label || t("share.link") })}
                    consequence={t("confirm.revokeLink.consequence")}
                    confirmLabel={t("confirm.revokeLink.yes")}
                  />
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
