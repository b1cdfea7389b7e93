import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { SchemaForm, TextField, useSchemaForm } from "~/components/form";
import { DEMO_PASSWORD, listDemoPeople } from "~/models/demo.server";
import { keepRetryAfter } from "~/models/rate-limit.server";
import { signInWithPassword } from "~/models/sign-in.server";
import { loginSchema } from "~/schemas/auth";
import { getActor, safeRedirectPath } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { parseForm } from "~/utils/form.server";
import { startSession } from "~/utils/session.server";
import { DemoAccounts } from "./demo-accounts";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(args.request.url).searchParams.get("redirectTo"));
  if (await getActor(args)) throw redirect(redirectTo);
  const demo = getEnv().mode === "demo";
  return { demoPeople: demo ? await listDemoPeople(args.context.db) : [], demoPassword: demo ? DEMO_PASSWORD : null };
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
  const { demoPeople, demoPassword } = useLoaderData<typeof loader>();
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
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value="password" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField field={fields.email} label={t("login.email")} type="email" autoComplete="username" />
        <TextField field={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
        <button type="submit" className="primary">
          {t("login.submit")}
        </button>
      </SchemaForm>
      {demoPassword ? <DemoAccounts people={demoPeople} password={demoPassword} redirectTo={redirectTo} /> : null}
    </div>
  );
}
