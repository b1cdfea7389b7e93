import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmedSubmit } from "~/components/confirmed-submit";
import { CheckboxField, SchemaForm, SelectField, TextField, useSchemaForm } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { RoleMappingTable } from "~/components/role-mapping-table";
import {
  IdentityProviderError,
  loadIdentityProvider,
  removeIdentityProvider,
  removeRoleMapping,
  saveIdentityProvider,
  setRoleMapping,
  type IdentityProviderSettings,
} from "~/models/identity-provider.server";
import { callbackUrlOf } from "~/models/oidc-sign-in.server";
import { IDENTITY_ROLES, identityProviderActionSchema, type IdentityProviderSubmission } from "~/schemas/identity-provider";
import { requirePermission } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { parseForm } from "~/utils/form.server";
import { issuerAnswers } from "~/utils/oidc.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const administerOwnOrganisation = (args: LoaderFunctionArgs) =>
  requirePermission(args, "people:administer", (actor) => ({ organisationId: actor.organisationId, unitId: null }));

export async function loader(args: LoaderFunctionArgs) {
  const actor = await administerOwnOrganisation(args);
  return {
    provider: await loadIdentityProvider(args.context.db, actor.organisationId),
    redirectUri: callbackUrlOf(args.request).href,
    postLogoutRedirectUri: new URL("/login", args.request.url).href,
  };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = identityProviderActionSchema.options.map((option) => option.shape.intent.value);

type Notice = "saved" | "removed" | "mappingSaved" | "mappingRemoved";
interface ActionData {
  form: string;
  result: SubmissionResult<string[]>;
  notice: Notice | null;
}

async function perform(db: Db, organisationId: string, value: IdentityProviderSubmission): Promise<Notice> {
  switch (value.intent) {
    case "save-provider":
      await saveIdentityProvider(db, organisationId, value);
      return "saved";
    case "remove-provider":
      await removeIdentityProvider(db, organisationId);
      return "removed";
    case "set-mapping":
      await setRoleMapping(db, organisationId, value.groupValue, value.role);
      return "mappingSaved";
    case "remove-mapping":
      await removeRoleMapping(db, organisationId, value.groupValue);
      return "mappingRemoved";
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await administerOwnOrganisation(args);
  const submission = await parseForm(args.request, identityProviderActionSchema);
  const payload = submission.payload;
  const form = payload.intent === "remove-mapping" ? `remove-mapping:${String(payload.groupValue)}` : String(payload.intent);
  const answer = (data: ActionData, status = 200) => Response.json(data, { status });
  if (submission.status !== "success") return answer({ form, result: submission.reply({ hideFields: ["clientSecret"] }), notice: null }, 400);
  const { value } = submission;
  if (value.intent === "save-provider") {
    // The provider must answer with its metadata before it is offered on the sign-in page.
    if (!(await issuerAnswers(value.issuer, value.clientId))) {
      const result = submission.reply({ fieldErrors: { issuer: ["identityProvider.errors.discoveryFailed"] }, hideFields: ["clientSecret"] });
      return answer({ form, result, notice: null }, 400);
    }
  }
  try {
    const notice = await perform(args.context.db, actor.organisationId, value);
    return answer({ form, result: submission.reply({ resetForm: value.intent === "set-mapping", hideFields: ["clientSecret"] }), notice });
  } catch (error) {
    if (!(error instanceof IdentityProviderError)) throw error;
    if (error.code === "not-found") throw new Response("Not found", { status: 404 });
    const result =
      error.code === "secret-required"
        ? submission.reply({ fieldErrors: { clientSecret: ["errors.required"] } })
        : submission.reply({ formErrors: ["identityProvider.errors.setByEnvironment"] });
    return answer({ form, result, notice: null }, error.status);
  }
}

export default function SignInSettings() {
  const { provider, redirectUri, postLogoutRedirectUri } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined);
  const byEnvironment = provider?.configuredBy === "environment";

  return (
    <div className="page">
      <p>
        <Link to="/people">{t("identityProvider.backToPeople")}</Link>
      </p>
      <h1>{t("identityProvider.title")}</h1>
      <p className="lead">{t("identityProvider.intro")}</p>
      <p role="status" className="success">
        {actionData?.notice ? t(`identityProvider.notices.${actionData.notice}`) : null}
      </p>
      <section aria-labelledby="register" className="panel">
        <h2 id="register">{t("identityProvider.registerTitle")}</h2>
        <p>{t("identityProvider.registerIntro")}</p>
        <dl className="facts">
          <dt>{t("identityProvider.redirectUri")}</dt>
          <dd>
            <code>{redirectUri}</code>
          </dd>
          <dt>{t("identityProvider.postLogoutRedirectUri")}</dt>
          <dd>
            <code>{postLogoutRedirectUri}</code>
          </dd>
          <dt>{t("identityProvider.scopes")}</dt>
          <dd>
            <code>openid email profile</code>
          </dd>
        </dl>
      </section>
      {byEnvironment && provider ? (
        <ProviderFacts provider={provider} />
      ) : (
        <section aria-labelledby="provider-settings" className="panel">
          <h2 id="provider-settings">{t("identityProvider.settingsTitle")}</h2>
          <ProviderForm provider={provider} lastResult={resultFor("save-provider")} />
        </section>
      )}
      {provider ? (
        <RoleMappings provider={provider} editable={!byEnvironment} resultFor={resultFor} />
      ) : null}
      {provider && !byEnvironment ? <RemoveProvider lastResult={resultFor("remove-provider")} /> : null}
    </div>
  );
}

function ProviderForm({ provider, lastResult }: { provider: IdentityProviderSettings | null; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "save-provider",
    schema: identityProviderActionSchema,
    lastResult,
    defaultValue: provider
      ? {
          intent: "save-provider",
          displayName: provider.displayName,
          issuer: provider.issuer,
          clientId: provider.clientId,
          allowedDomains: provider.allowedDomains.join(", "),
          emailClaim: provider.emailClaim,
          groupsClaim: provider.groupsClaim ?? "",
          createUnknown: provider.createUnknown ? "on" : undefined,
          passwordSignIn: provider.passwordSignIn ? "on" : undefined,
        }
      : { intent: "save-provider", emailClaim: "email", passwordSignIn: "on" },
  });
  return (
    <SchemaForm form={form} className="stack">
      <input type="hidden" name="intent" value="save-provider" />
      <TextField field={fields.displayName} label={t("identityProvider.displayName")} hint={t("identityProvider.displayNameHint")} autoComplete="off" />
      <TextField field={fields.issuer} label={t("identityProvider.issuer")} hint={t("identityProvider.issuerHint")} autoComplete="off" />
      <TextField field={fields.clientId} label={t("identityProvider.clientId")} autoComplete="off" />
      <TextField
        field={fields.clientSecret}
        label={t("identityProvider.clientSecret")}
        hint={provider?.hasClientSecret ? t("identityProvider.clientSecretKept") : undefined}
        type="password"
        autoComplete="new-password"
      />
      <TextField field={fields.allowedDomains} label={t("identityProvider.allowedDomains")} hint={t("identityProvider.allowedDomainsHint")} autoComplete="off" />
      <TextField field={fields.emailClaim} label={t("identityProvider.emailClaim")} autoComplete="off" />
      <TextField field={fields.groupsClaim} label={t("identityProvider.groupsClaim")} hint={t("identityProvider.groupsClaimHint")} autoComplete="off" />
      <CheckboxField field={fields.createUnknown} label={t("identityProvider.createUnknown")} hint={t("identityProvider.createUnknownHint")} />
      <CheckboxField field={fields.passwordSignIn} label={t("identityProvider.passwordSignIn")} hint={t("identityProvider.passwordSignInHint")} />
      <button type="submit" className="primary">
        {t("identityProvider.save")}
      </button>
    </SchemaForm>
  );
}

/** A provider set by the environment: shown, not edited here. */
function ProviderFacts({ provider }: { provider: IdentityProviderSettings }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean) => (value ? t("identityProvider.yes") : t("identityProvider.no"));
  return (
    <section aria-labelledby="provider-settings" className="panel">
      <h2 id="provider-settings">{t("identityProvider.settingsTitle")}</h2>
      <p>{t("identityProvider.setByEnvironment")}</p>
      <dl className="facts">
        <dt>{t("identityProvider.displayName")}</dt>
        <dd>{provider.displayName}</dd>
        <dt>{t("identityProvider.issuer")}</dt>
        <dd>
          <code>{provider.issuer}</code>
        </dd>
        <dt>{t("identityProvider.clientId")}</dt>
        <dd>
          <code>{provider.clientId}</code>
        </dd>
        <dt>{t("identityProvider.allowedDomains")}</dt>
        <dd>{provider.allowedDomains.length > 0 ? provider.allowedDomains.join(", ") : t("identityProvider.anyDomain")}</dd>
        <dt>{t("identityProvider.emailClaim")}</dt>
        <dd>
          <code>{provider.emailClaim}</code>
        </dd>
        <dt>{t("identityProvider.groupsClaim")}</dt>
        <dd>{provider.groupsClaim ? <code>{provider.groupsClaim}</code> : t("identityProvider.noGroupsClaim")}</dd>
        <dt>{t("identityProvider.createUnknown")}</dt>
        <dd>{yesNo(provider.createUnknown)}</dd>
        <dt>{t("identityProvider.passwordSignIn")}</dt>
        <dd>{yesNo(provider.passwordSignIn)}</dd>
      </dl>
    </section>
  );
}

function RoleMappings({
  provider,
  editable,
  resultFor,
}: {
  provider: IdentityProviderSettings;
  editable: boolean;
  resultFor: (form: string) => SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({ id: "set-mapping", schema: identityProviderActionSchema, lastResult: resultFor("set-mapping") });
  return (
    <section aria-labelledby="role-mappings" className="panel">
      <h2 id="role-mappings">{t("identityProvider.mappingsTitle")}</h2>
      <p>{t("identityProvider.mappingsIntro", { claim: provider.groupsClaim ?? "groups" })}</p>
      {provider.groupsClaim === null ? <p className="muted">{t("identityProvider.mappingsNeedClaim")}</p> : null}
      <RoleMappingTable provider={provider} editable={editable} resultFor={resultFor} />
      {editable ? (
        <SchemaForm form={form} className="stack">
          <input type="hidden" name="intent" value="set-mapping" />
          <TextField field={fields.groupValue} label={t("identityProvider.groupValue")} hint={t("identityProvider.groupValueHint")} autoComplete="off" />
          <SelectField field={fields.role} label={t("identityProvider.role")}>
            <option value="">{t("identityProvider.chooseRole")}</option>
            {IDENTITY_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit">{t("identityProvider.addMapping")}</button>
        </SchemaForm>
      ) : null}
    </section>
  );
}

function RemoveProvider({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form] = useSchemaForm({ id: "remove-provider", schema: identityProviderActionSchema, lastResult });
  return (
    <section aria-labelledby="remove-provider-title" className="panel">
      <h2 id="remove-provider-title">{t("identityProvider.removeTitle")}</h2>
      <SchemaForm form={form}>
        <ConfirmedSubmit
          name="intent"
          value="remove-provider"
          label={t("identityProvider.remove")}
          question={t("identityProvider.removeQuestion")}
          consequence={t("identityProvider.removeConsequence")}
          confirmLabel={t("identityProvider.removeConfirm")}
        />
      </SchemaForm>
    </section>
  );
}
