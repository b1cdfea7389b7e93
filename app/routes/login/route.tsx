import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { SchemaForm, TextField, useSchemaForm } from "~/components/form";
import { DEMO_PASSWORD, listDemoPeople } from "~/models/demo.server";
import { findProviderForSignIn, listSignInProviders } from "~/models/identity-provider.server";
import { keepRetryAfter } from "~/models/rate-limit.server";
import { signInWithPassword } from "~/models/sign-in.server";
import { loginQuery, loginSchema } from "~/schemas/auth";
import { getActor, safeRedirectPath } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { parseForm } from "~/utils/form.server";
import { readQuery } from "~/utils/params.server";
import { startSession } from "~/utils/session.server";
import { DemoAccounts } from "./demo-accounts";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const query = readQuery(args.request, loginQuery);
  const redirectTo = safeRedirectPath(query.redirectTo);
  if (await getActor(args)) throw redirect(redirectTo);
  const { db } = args.context;
  const demo = getEnv().mode === "demo";
  const signedOutOf = query.signedOutOf ? await findProviderForSignIn(db, query.signedOutOf) : null;
  return {
    ...(await listSignInProviders(db)),
    signedOutOf: signedOutOf ? { id: signedOutOf.id, displayName: signedOutOf.displayName } : null,
    demoPeople: demo ? await listDemoPeople(db) : [],
    demoPassword: demo ? DEMO_PASSWORD : null,
  };
}

export const headers = keepRetryAfter;

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = loginSchema.options.map((option) => option.shape.intent.value);

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, loginSchema);
  if (submission.status !== "success") {
    return Response.json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { value } = submission;
  // Decided before the session is written, so the answer after the write cannot fail.
  const redirectTo = safeRedirectPath(value.redirectTo);
  let personId: string;

  if (value.intent === "demo") {
    if (getEnv().mode !== "demo") throw new Response("Not found", { status: 404 });
    const person = (await listDemoPeople(context.db)).find((candidate) => candidate.email === value.email);
    if (!person) return Response.json(submission.reply({ formErrors: ["errors.invalidCredentials"] }), { status: 400 });
    personId = person.id;
  } else {
    const result = await signInWithPassword(context.db, {
      email: value.email,
      password: value.password,
      address: context.clientAddress,
    });
    if (result.outcome === "rate-limited") {
      return Response.json(submission.reply({ formErrors: ["errors.rateLimited"], hideFields: ["password"] }), {
        status: 429,
        headers: { "Retry-After": String(result.retryAfterSeconds) },
      });
    }
    if (result.outcome === "password-off") {
      return Response.json(submission.reply({ formErrors: ["errors.passwordSignInOff"], hideFields: ["password"] }), { status: 403 });
    }
    if (result.outcome === "invalid") {
      return Response.json(submission.reply({ formErrors: ["errors.invalidCredentials"], hideFields: ["password"] }), {
        status: 401,
      });
    }
    personId = result.personId;
  }

  const setCookie = await startSession(context.db, request, personId, value.intent);
  return redirect(redirectTo, { headers: { "Set-Cookie": setCookie } });
}

export default function Login() {
  const { providers, passwordSignIn, signedOutOf, demoPeople, demoPassword } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "login",
    schema: loginSchema,
    lastResult,
  });

  return (
    <div className="page narrow">
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.intro")}</p>
      {signedOutOf ? (
        <p role="status" className="success">
          {t("login.signedOut")}{" "}
          <a href={`/auth/oidc/logout?provider=${signedOutOf.id}`}>{t("login.signOutOfProvider", { provider: signedOutOf.displayName })}</a>
        </p>
      ) : null}
      {providers.length > 0 ? (
        <ul className="sign-in-providers" aria-label={t("login.providersLabel")}>
          {providers.map((provider) => (
            <li key={provider.id}>
              <a className="button primary" href={`/auth/oidc/start?${new URLSearchParams({ provider: provider.id, ...(redirectTo ? { redirectTo } : {}) })}`}>
                {t("login.withProvider", { provider: provider.displayName })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {passwordSignIn ? (
        <>
          {providers.length > 0 ? <h2>{t("login.withPassword")}</h2> : null}
          <SchemaForm form={form} className="stack">
            <input type="hidden" name="intent" value="password" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <TextField field={fields.email} label={t("login.email")} type="email" autoComplete="username" />
            <TextField field={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
            <button type="submit" className={providers.length > 0 ? undefined : "primary"}>
              {t("login.submit")}
            </button>
          </SchemaForm>
        </>
      ) : null}
      {demoPassword ? <DemoAccounts people={demoPeople} password={demoPassword} redirectTo={redirectTo} /> : null}
    </div>
  );
}
