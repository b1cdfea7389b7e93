import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { NewPasswordFields, SchemaForm, TextField, useSchemaForm } from "~/components/form";
import { findFeedTokenIssued, issueFeedToken, revokeFeedToken } from "~/models/feed-token.server";
import { changeOwnPassword } from "~/models/person.server";
import { listPlanTitles } from "~/models/plan.server";
import { keepRetryAfter, limitPasswordGuesses } from "~/models/rate-limit.server";
import { accountActionSchema, changePasswordSchema, MIN_PASSWORD_LENGTH } from "~/schemas/auth";
import { requireActor } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import { hashToken, readSessionToken } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const [feedTokenIssuedAt, locale] = await Promise.all([findFeedTokenIssued(args.context.db, actor.id), resolveLocale(args.request)]);
  return { name: actor.name, email: actor.email, organisationName: actor.organisationName, feedTokenIssuedAt, locale };
}

export const headers = keepRetryAfter;

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = accountActionSchema.options.map((option) => option.shape.intent.value);

interface PlanFeeds {
  planTitle: string;
  summaryUrl: string;
  activityUrl: string;
}

const hidden = { hideFields: ["currentPassword", "password", "confirmation"] };

export async function action(args: ActionFunctionArgs) {
  const actor = await requireActor(args);
  const submission = await parseForm(args.request, accountActionSchema);
  if (submission.status !== "success") {
    return Response.json({ intent: "change-password" as const, result: submission.reply(hidden), changed: false }, { status: 400 });
  }
  const { db, clientAddress } = args.context;
  const { value } = submission;
  switch (value.intent) {
    case "change-password": {
      const token = await readSessionToken(args.request);
      const result = await limitPasswordGuesses(db, { email: actor.email, address: clientAddress }, () =>
        changeOwnPassword(db, actor.id, value.currentPassword, value.password, token ? hashToken(token) : null),
      );
      if (result.outcome === "rate-limited") {
        return Response.json(
          { intent: value.intent, result: submission.reply({ ...hidden, formErrors: ["errors.tooManyWrongPasswords"] }), changed: false },
          { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
        );
      }
      if (result.outcome === "wrong") {
        return Response.json(
          { intent: value.intent, result: submission.reply({ ...hidden, fieldErrors: { currentPassword: ["errors.wrongPassword"] } }), changed: false },
          { status: 400 },
        );
      }
      return { intent: value.intent, result: submission.reply({ resetForm: true }), changed: true };
    }
    case "issue-feed-token": {
      const [token, plans] = await Promise.all([
        resolveLocale(args.request).then((locale) => issueFeedToken(db, actor.id, locale)),
        listPlanTitles(db, actor.organisationId),
      ]);
      const origin = new URL(args.request.url).origin;
      const feedUrl = (path: string) => `${origin}${path}?${new URLSearchParams({ token })}`;
      const feeds = plans.map((plan): PlanFeeds => ({
        planTitle: plan.title,
        summaryUrl: feedUrl(`/plans/${plan.id}/feed.atom`),
        activityUrl: feedUrl(`/plans/${plan.id}/activity.atom`),
      }));
      return { intent: value.intent, feeds };
    }
    case "revoke-feed-token":
      await revokeFeedToken(db, actor.id);
      return { intent: value.intent };
  }
}

export default function Account() {
  const { name, email, organisationName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const passwordReply = actionData?.intent === "change-password" ? actionData : undefined;
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "change-password",
    schema: changePasswordSchema,
    lastResult: passwordReply?.result,
  });
  return (
    <div className="page narrow">
      <h1>{t("account.title")}</h1>
      <dl className="facts">
        <dt>{t("people.name")}</dt>
        <dd>{name}</dd>
        <dt>{t("people.email")}</dt>
        <dd>{email}</dd>
        <dt>{t("account.organisation")}</dt>
        <dd>{organisationName}</dd>
      </dl>
      <section className="panel" aria-labelledby="change-password-title">
        <h2 id="change-password-title">{t("password.changeTitle")}</h2>
        {passwordReply?.changed ? (
          <p role="status" className="success">
            {t("password.changed")}
          </p>
        ) : null}
        <SchemaForm form={form} className="stack">
          <input type="hidden" name="intent" value="change-password" />
          <TextField field={fields.currentPassword} label={t("password.current")} type="password" autoComplete="current-password" />
          <NewPasswordFields password={fields.password} confirmation={fields.confirmation} minLength={MIN_PASSWORD_LENGTH} />
          <button type="submit" className="primary">
            {t("password.save")}
          </button>
        </SchemaForm>
      </section>
      <FeedToken />
    </div>
  );
}

/** The private feed addresses: issued, replaced and withdrawn here; shown once, when issued. */
function FeedToken() {
  const { feedTokenIssuedAt, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  // Typed by hand: the 400 and 429 answers are Responses, which make the inferred action data `any`.
  const issued: PlanFeeds[] | null = actionData?.intent === "issue-feed-token" ? actionData.feeds : null;
  return (
    <section className="panel" aria-labelledby="feed-token-title">
      <h2 id="feed-token-title">{t("feedToken.title")}</h2>
      <p>{t("feedToken.intro")}</p>
      {issued ? (
        <div className="notice stack" role="status">
          <p>
            <strong>{t("feedToken.showOnce")}</strong>
          </p>
          {issued.length === 0 ? <p>{t("feedToken.noPlans")}</p> : null}
          <ul className="feed-addresses stack">
            {issued.map((feed) => (
              <li key={feed.summaryUrl}>
                <h3>{feed.planTitle}</h3>
                <p>{t("feedToken.summaryFeed")}</p>
                <code className="copyable">{feed.summaryUrl}</code>
                <p>{t("feedToken.activityFeed")}</p>
                <code className="copyable">{feed.activityUrl}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {actionData?.intent === "revoke-feed-token" ? (
        <p role="status" className="success">
          {t("feedToken.revoked")}
        </p>
      ) : null}
      <p>{feedTokenIssuedAt ? t("feedToken.active", { date: formatInstant(feedTokenIssuedAt, locale) }) : t("feedToken.none")}</p>
      <Form method="post" className="button-row">
        <button type="submit" name="intent" value="issue-feed-token" className={feedTokenIssuedAt ? undefined : "primary"}>
          {feedTokenIssuedAt ? t("feedToken.replace") : t("feedToken.create")}
        </button>
        {feedTokenIssuedAt ? (
          <button type="submit" name="intent" value="revoke-feed-token">
            {t("feedToken.revoke")}
          </button>
        ) : null}
      </Form>
    </section>
  );
}
