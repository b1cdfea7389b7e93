import * as client from "openid-client";
import type { OidcRefusal } from "./oidc-refusals";

/** What a provider is to the protocol: the rest of its settings are who gets in. */
export interface ProviderEndpoint {
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Changes whenever the settings do, so a cached discovery is never used for old settings. */
  version: string;
}

/** Why a sign-in with a provider failed, as far as the protocol goes. */
export type ProtocolFailure = Extract<
  OidcRefusal,
  "provider-unreachable" | "clock-skew" | "wrong-tenant" | "consent-refused" | "provider-error" | "invalid-response"
>;

export class OidcProtocolError extends Error {
  constructor(
    readonly failure: ProtocolFailure,
    /** The library's error code and message, never a token: what the log may say. */
    readonly detail: string,
  ) {
    super(`${failure}: ${detail}`);
    this.name = "OidcProtocolError";
  }
}

const DISCOVERY_TTL_MS = 60 * 60 * 1000;
const REQUEST_TIMEOUT_SECONDS = 10;

/** One discovery per provider: replaced when its settings change or it is an hour old. */
const discoveries = new Map<string, { version: string; at: number; configuration: Promise<client.Configuration> }>();

/** Plain HTTP only to a provider on this machine (a test or development provider); anything else must be HTTPS. */
function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

function discover(issuer: URL, clientId: string, authentication: client.ClientAuth) {
  return client.discovery(issuer, clientId, undefined, authentication, {
    timeout: REQUEST_TIMEOUT_SECONDS,
    execute: [
      // Check the ID token's signature against the provider's published keys even though it came
      // straight from the token endpoint: TLS alone would not show a token signed by someone else.
      client.enableNonRepudiationChecks,
      ...(isLoopback(issuer) ? [client.allowInsecureRequests] : []),
    ],
  });
}

/** The provider's metadata and keys, discovered once an hour; a failed discovery is tried again at the next sign-in. */
export function providerConfiguration(provider: ProviderEndpoint): Promise<client.Configuration> {
  const cached = discoveries.get(provider.id);
  if (cached && cached.version === provider.version && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.configuration;
  const configuration = discover(new URL(provider.issuer), provider.clientId, client.ClientSecretPost(provider.clientSecret)).catch(
    (error: unknown) => {
      if (discoveries.get(provider.id)?.configuration === configuration) discoveries.delete(provider.id);
      throw protocolError(error);
    },
  );
  discoveries.set(provider.id, { version: provider.version, at: Date.now(), configuration });
  return configuration;
}

/** Whether an issuer answers with its metadata: checked before its settings are saved, and not kept. */
export async function issuerAnswers(issuer: string, clientId: string): Promise<boolean> {
  return discover(new URL(issuer), clientId, client.None()).then(
    () => true,
    () => false,
  );
}

export interface AuthorizationStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider's authorisation URL for a new sign-in, with a fresh state, nonce and PKCE verifier. */
export async function authorizationStart(provider: ProviderEndpoint, redirectUri: string): Promise<AuthorizationStart> {
  const configuration = await providerConfiguration(provider);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Exchanges the callback's code for tokens and returns the ID token's claims, validated: issuer,
 * audience, expiry, nonce, signature from the provider's keys, state and PKCE.
 */
export async function authorizationClaims(
  provider: ProviderEndpoint,
  callbackUrl: URL,
  expected: { state: string; nonce: string; codeVerifier: string },
): Promise<client.IDToken> {
  const configuration = await providerConfiguration(provider);
  try {
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      pkceCodeVerifier: expected.codeVerifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new OidcProtocolError("invalid-response", "no ID token");
    return claims;
  } catch (error) {
    throw protocolError(error);
  }
}

const END_SESSION_CHECK_MS = 2000;

/**
 * Whether the provider offers RP-initiated logout, as far as its metadata (usually cached since the
 * sign-in) says within two seconds: signing out here never waits long on the provider.
 */
export async function offersEndSession(provider: ProviderEndpoint): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), END_SESSION_CHECK_MS);
  });
  const offered = providerConfiguration(provider).then(
    (configuration) => Boolean(configuration.serverMetadata().end_session_endpoint),
    () => false,
  );
  try {
    return await Promise.race([offered, tooSlow]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where to send a person to end their session at the provider too, if it offers RP-initiated logout. */
export async function endSessionUrl(provider: ProviderEndpoint, postLogoutRedirectUri: string): Promise<URL | null> {
  const configuration = await providerConfiguration(provider);
  if (!configuration.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(configuration, { client_id: provider.clientId, post_logout_redirect_uri: postLogoutRedirectUri });
}

const UNREACHABLE = new Set(["OAUTH_TIMEOUT", "OAUTH_ABORT", "OAUTH_RESPONSE_IS_NOT_CONFORM", "OAUTH_RESPONSE_IS_NOT_JSON"]);
const TENANT_CLAIMS = new Set(["iss", "aud", "azp", "tid"]);

/** Sorts the library's errors into what a person can be told; keeps its code and message for the log. */
function protocolError(error: unknown): OidcProtocolError {
  if (error instanceof OidcProtocolError) return error;
  if (error instanceof client.AuthorizationResponseError) {
    return new OidcProtocolError(error.error === "access_denied" ? "consent-refused" : "provider-error", `authorization response: ${error.error}`);
  }
  if (error instanceof client.ResponseBodyError) return new OidcProtocolError("invalid-response", `token endpoint: ${error.error}`);
  if (error instanceof TypeError) return new OidcProtocolError("provider-unreachable", `request failed: ${error.message}`);
  if (error instanceof client.ClientError) {
    const code = error.code ?? "";
    const detail = `${code} ${error.message}`.trim();
    if (UNREACHABLE.has(code)) return new OidcProtocolError("provider-unreachable", detail);
    if (code === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED") return new OidcProtocolError("clock-skew", detail);
    const claim = comparedClaim(error);
    if (code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED" || (code === "OAUTH_JWT_CLAIM_COMPARISON_FAILED" && claim && TENANT_CLAIMS.has(claim))) {
      return new OidcProtocolError("wrong-tenant", `${detail}${claim ? ` (${claim})` : ""}`);
    }
    return new OidcProtocolError("invalid-response", `${detail}${claim ? ` (${claim})` : ""}`);
  }
  return new OidcProtocolError("invalid-response", error instanceof Error ? error.message : "unknown error");
}

/** The claim a failed comparison was about, which the library keeps two causes down. */
function comparedClaim(error: client.ClientError): string | undefined {
  const processing = error.cause;
  if (!(processing instanceof Error)) return undefined;
  const detail = processing.cause as { claim?: unknown; attribute?: unknown } | undefined;
  const claim = detail?.claim ?? detail?.attribute;
  return typeof claim === "string" ? claim : undefined;
}
