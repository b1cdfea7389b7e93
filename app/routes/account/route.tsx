import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { NewPasswordFields, SchemaForm, TextField, useSchemaForm } from "~/components/form";
import { changeOwnPassword } from "~/models/person.server";
import { keepRetryAfter, limitPasswordGuesses } from "~/models/rate-limit.server";
import { changePasswordSchema, MIN_PASSWORD_LENGTH } from "~/schemas/auth";
import { requireActor } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { hashToken, readSessionToken } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  return { name: actor.name, email: actor.email, organisationName: actor.organisationName };
}

export const headers = keepRetryAfter;

/** The action does one thing and reads no `intent`: read by the authorisation matrix test. */
export const singleIntent = true;

export async function action(args: ActionFunctionArgs) {
  const actor = await requireActor(args);
  const submission = await parseForm(args.request, changePasswordSchema);
  const hidden = { hideFields: ["currentPassword", "password", "confirmation"] };
  if (submission.status !== "success") return Response.json({ result: submission.reply(hidden), changed: false }, { status: 400 });
  const token = await readSessionToken(args.request);
  const { db, clientAddress } = args.context;
  const result = await limitPasswordGuesses(db, { email: actor.email, address: clientAddress }, () =>
    changeOwnPassword(db, actor.id, submission.value.currentPassword, submission.value.password, token ? hashToken(token) : null),
  );
  if (result.outcome === "rate-limited") {
    return Response.json(
      { result: submission.reply({ ...hidden, formErrors: ["errors.tooManyWrongPasswords"] }), changed: false },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (result.outcome === "wrong") {
    return Response.json(
      { result: submission.reply({ ...hidden, fieldErrors: { currentPassword: ["errors.wrongPassword"] } }), changed: false },
      { status: 400 },
    );
  }
  return { result: submission.reply({ resetForm: true }), changed: true };
}

export default function Account() {
  const { name, email, organisationName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "change-password",
    schema: changePasswordSchema,
    lastResult: actionData?.result,
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
        {actionData?.changed ? (
          <p role="status" className="success">
            {t("password.changed")}
          </p>
        ) : null}
        <SchemaForm form={form} className="stack">
          <TextField field={fields.currentPassword} label={t("password.current")} type="password" autoComplete="current-password" />
          <NewPasswordFields password={fields.password} confirmation={fields.confirmation} minLength={MIN_PASSWORD_LENGTH} />
          <button type="submit" className="primary">
            {t("password.save")}
          </button>
        </SchemaForm>
      </section>
    </div>
  );
}
