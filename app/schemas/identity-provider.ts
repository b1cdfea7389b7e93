import { z } from "zod";
import { OIDC_REFUSALS } from "~/utils/oidc-refusals";
import { checkbox, confirmation, optionalText, requiredText } from "./fields";

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CLAIM = /^[A-Za-z0-9_.:/-]+$/;

/** An issuer URL: HTTPS, or plain HTTP to this machine only (a development or test provider). */
const issuer = requiredText(500).pipe(
  z.url({ error: "identityProvider.errors.issuerInvalid", abort: true }).refine((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname));
  }, { error: "identityProvider.errors.issuerHttps" }),
);

/** Domains as an administrator types them: separated by commas, semicolons or spaces, any case, an optional "@". */
const domains = optionalText(2000)
  .transform((value) => [...new Set(value.split(/[\s,;]+/).map((domain) => domain.replace(/^@/, "").toLowerCase()).filter(Boolean))])
  .pipe(z.array(z.string().regex(DOMAIN, { error: "identityProvider.errors.domainInvalid" })).max(50, { error: "errors.tooMany" }));

const claim = requiredText(100).pipe(z.string().regex(CLAIM, { error: "identityProvider.errors.claimInvalid" }));
const optionalClaim = optionalText(100)
  .refine((value) => value === "" || CLAIM.test(value), { error: "identityProvider.errors.claimInvalid" })
  .transform((value) => (value === "" ? null : value));

export const IDENTITY_ROLES = ["strategic_developer", "staff"] as const;

export const identityProviderActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save-provider"),
    displayName: requiredText(80),
    issuer,
    clientId: requiredText(200),
    /** Blank keeps the secret already saved. */
    clientSecret: optionalText(500).transform((value) => (value === "" ? undefined : value)),
    allowedDomains: domains,
    emailClaim: claim,
    groupsClaim: optionalClaim,
    createUnknown: checkbox,
    passwordSignIn: checkbox,
  }),
  z.object({ intent: z.literal("remove-provider"), confirm: confirmation }),
  z.object({
    intent: z.literal("set-mapping"),
    groupValue: requiredText(200),
    role: z.enum(IDENTITY_ROLES, { error: "errors.choose" }),
  }),
  z.object({ intent: z.literal("remove-mapping"), groupValue: requiredText(200) }),
]);
export type IdentityProviderSubmission = z.output<typeof identityProviderActionSchema>;

/** `/auth/oidc/start?provider=…&redirectTo=…` */
export const oidcStartQuery = z.object({ provider: z.uuid(), redirectTo: z.string().max(2000).optional() });
/** `/auth/oidc/refused?reason=…&provider=…` */
export const oidcRefusedQuery = z.object({ reason: z.enum(OIDC_REFUSALS), provider: z.uuid().optional() });
/** `/auth/oidc/logout?provider=…` */
export const oidcLogoutQuery = z.object({ provider: z.uuid() });

const saveProviderSchema = identityProviderActionSchema.options[0];
const roleMappingSchema = z.object({ groupValue: requiredText(200), role: z.enum(IDENTITY_ROLES) });

/** Environment variables as `readEnv` gives them: the OIDC_… ones. */
interface OidcEnvironment {
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_ORGANISATION?: string;
  OIDC_DISPLAY_NAME: string;
  OIDC_ALLOWED_DOMAINS: string;
  OIDC_EMAIL_CLAIM: string;
  OIDC_GROUPS_CLAIM?: string;
  OIDC_CREATE_UNKNOWN: boolean;
  OIDC_PASSWORD_SIGN_IN: boolean;
  OIDC_ROLE_MAPPING: string;
}

/**
 * The provider the environment sets, read by the same rules as the settings page (so an issuer is
 * HTTPS here too), or null when OIDC_ISSUER is not set. Throws, naming the variable, when one is wrong.
 */
export function environmentProvider(env: OidcEnvironment) {
  if (env.OIDC_ISSUER === undefined) return null;
  const settings = saveProviderSchema.safeParse({
    intent: "save-provider",
    displayName: env.OIDC_DISPLAY_NAME,
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    allowedDomains: env.OIDC_ALLOWED_DOMAINS,
    emailClaim: env.OIDC_EMAIL_CLAIM,
    groupsClaim: env.OIDC_GROUPS_CLAIM,
    createUnknown: env.OIDC_CREATE_UNKNOWN ? "on" : undefined,
    passwordSignIn: env.OIDC_PASSWORD_SIGN_IN ? "on" : undefined,
  });
  const variable: Record<string, string> = {
    displayName: "OIDC_DISPLAY_NAME",
    issuer: "OIDC_ISSUER",
    clientId: "OIDC_CLIENT_ID",
    clientSecret: "OIDC_CLIENT_SECRET",
    allowedDomains: "OIDC_ALLOWED_DOMAINS",
    emailClaim: "OIDC_EMAIL_CLAIM",
    groupsClaim: "OIDC_GROUPS_CLAIM",
  };
  if (!settings.success) {
    const problems = settings.error.issues.map((issue) => `${variable[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    throw new Error(`Invalid OIDC configuration:\n  ${problems.join("\n  ")}`);
  }
  if (settings.data.clientSecret === undefined) throw new Error("Invalid OIDC configuration:\n  OIDC_CLIENT_SECRET: is required");
  const roleMappings = env.OIDC_ROLE_MAPPING.split(";")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const separator = pair.lastIndexOf("=");
      const mapping = roleMappingSchema.safeParse({ groupValue: pair.slice(0, separator).trim(), role: pair.slice(separator + 1).trim() });
      if (separator < 0 || !mapping.success) {
        throw new Error(`Invalid OIDC configuration:\n  OIDC_ROLE_MAPPING: "${pair}" is not group=strategic_developer or group=staff`);
      }
      return mapping.data;
    });
  return { ...settings.data, clientSecret: settings.data.clientSecret, organisationSlug: env.OIDC_ORGANISATION, roleMappings };
}
