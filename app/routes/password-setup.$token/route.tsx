import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { NewPasswordFields, SchemaForm, useSchemaForm } from "~/components/form";
import { findUsableSetupToken, setPasswordWithToken } from "~/models/person.server";
import { MIN_PASSWORD_LENGTH, setPasswordSchema } from "~/schemas/auth";
import { parseForm } from "~/utils/form.server";
import { startSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }, { name: "referrer", content: "no-referrer" }];

async function usableToken({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const holder = await findUsableSetupToken(context.db, token);
  if (!holder) throw new Response("Not found", { status: 404 });
  return { token, holder };
}

export async function loader(args: LoaderFunctionArgs) {
  const { holder } = await usableToken(args);
  return { name: holder.name, email: holder.email };
}

/** The action does one thing and reads no `intent`: read by the authorisation matrix test. */
export const singleIntent = true;

export async function action(args: ActionFunctionArgs) {
  const { token } = await usableToken(args);
  const submission = await parseForm(args.request, setPasswordSchema);
  if (submission.status !== "success") {
    return Response.json(submission.reply({ hideFields: ["password", "confirmation"] }), { status: 400 });
  }
  const personId = await setPasswordWithToken(args.context.db, token, submission.value.password);
  if (!personId) throw new Response("Not found", { status: 404 });
  const setCookie = await startSession(args.context.db, args.request, personId, "password");
  return redirect("/plans", { headers: { "Set-Cookie": setCookie } });
}

export default function PasswordSetup() {
  const { name, email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "password-setup",
    schema: setPasswordSchema,
    lastResult,
  });
  return (
    <div className="page narrow">
      <h1>{t("password.setupTitle")}</h1>
      <p className="lead">{t("password.setupIntro", { name, email })}</p>
      <SchemaForm form={form} className="stack">
        <NewPasswordFields password={fields.password} confirmation={fields.confirmation} minLength={MIN_PASSWORD_LENGTH} />
        <button type="submit" className="primary">
          {t("password.save")}
        </button>
      </SchemaForm>
    </div>
  );
}
