// Identity providers for tests, on loopback ports with keys generated at start:
// - `startOidcProvider`: `oidc-provider`, the certified Node implementation, with its own login and
//   consent pages (any password; the login names an account);
// - `startIssuingProvider`: a small provider of our own that signs whatever ID token a test asks
//   for (another audience, expired, signed by another key, `alg: none`, no nonce…), to show that
//   each is refused. It checks PKCE and the client's secret as a real provider does.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import Provider from "oidc-provider";

export interface TestAccount {
  email: string;
  name?: string;
  groups?: string[];
  emailVerified?: boolean;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** Origins of the app; its callback and sign-out addresses are registered for each. */
  appOrigins: string[];
}

export interface RunningProvider {
  issuer: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closing(server: Server) {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** A real OpenID Connect provider; accounts are looked up by the login typed on its login page. */
export async function startOidcProvider(options: { client: TestClient; accounts: Record<string, TestAccount> }): Promise<RunningProvider> {
  const server = createServer();
  const issuer = await listen(server);
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.appOrigins.map((origin) => `${origin}/auth/oidc/callback`),
        post_logout_redirect_uris: options.client.appOrigins.map((origin) => `${origin}/login`),
        token_endpoint_auth_method: "client_secret_post",
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    // The e-mail, name and groups in the ID token itself, as Entra ID and Keycloak put them.
    conformIdTokenClaims: false,
    claims: { openid: ["sub", "groups"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    findAccount: (_context, id) => {
      const account = options.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name,
          ...(account.groups ? { groups: account.groups } : {}),
        }),
      };
    },
  });
  // oidc-provider logs every refused request on the console; tests provoke those on purpose.
  provider.on("server_error", (_context, error) => console.error("test provider:", error));
  server.on("request", provider.callback());
  return { issuer, close: closing(server) };
}

/** What an ID token from the issuing provider should be like, given what a correct one would be. */
export type TokenRecipe = (correct: { claims: JWTPayload }) => { claims: JWTPayload; signing?: "own-key" | "other-key" | "none" };

export interface IssuingProvider extends RunningProvider {
  /** The ID token the next code is exchanged for; correct when not set. */
  nextToken: TokenRecipe | null;
  /** The claims of the person who "signs in" at the next authorisation request. */
  account: { sub: string } & Record<string, unknown>;
  /** Whether the last token request carried a code verifier matching the challenge. */
  lastPkceMatched: boolean | null;
  /** Whether its metadata offers RP-initiated logout (an end-session endpoint). */
  offersEndSession: boolean;
}

/** A provider that signs what a test asks it to: for the refusals a well-behaved provider never causes. */
export async function startIssuingProvider(options: { client: TestClient }): Promise<IssuingProvider> {
  const server = createServer();
  const issuer = await listen(server);
  const own = await generateKeyPair("RS256");
  const other = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(own.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const codes = new Map<string, { nonce: string | undefined; challenge: string | undefined; redirectUri: string }>();

  const state: IssuingProvider = {
    issuer,
    nextToken: null,
    account: { sub: "subject-1", email: "someone@example.test" },
    lastPkceMatched: null,
    offersEndSession: true,
    close: closing(server),
  };

  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/logout`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["client_secret_post"],
  };

  async function idToken(nonce: string | undefined): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const correct: JWTPayload = { ...state.account, iss: issuer, aud: options.client.clientId, iat: now, exp: now + 300, ...(nonce ? { nonce } : {}) };
    const recipe = state.nextToken?.({ claims: correct }) ?? { claims: correct };
    state.nextToken = null;
    if (recipe.signing === "none") {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      return `${encode({ alg: "none", typ: "JWT" })}.${encode(recipe.claims)}.`;
    }
    const key = recipe.signing === "other-key" ? other.privateKey : own.privateKey;
    return new SignJWT(recipe.claims).setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" }).sign(key);
  }

  server.on("request", (request: IncomingMessage, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", issuer);
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === "/.well-known/openid-configuration") {
        const { end_session_endpoint, ...withoutEndSession } = metadata;
        return json(200, state.offersEndSession ? { ...withoutEndSession, end_session_endpoint } : withoutEndSession);
      }
      if (url.pathname === "/jwks") return json(200, { keys: [publicJwk] });
      if (url.pathname === "/authorize") {
        const code = randomBytes(16).toString("base64url");
        const redirectUri = url.searchParams.get("redirect_uri") ?? "";
        codes.set(code, {
          nonce: url.searchParams.get("nonce") ?? undefined,
          challenge: url.searchParams.get("code_challenge") ?? undefined,
          redirectUri,
        });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        response.writeHead(302, { Location: back.href });
        return response.end();
      }
      if (url.pathname === "/token" && request.method === "POST") {
        let body = "";
        for await (const chunk of request) body += String(chunk);
        const form = new URLSearchParams(body);
        const issued = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (form.get("client_id") !== options.client.clientId || form.get("client_secret") !== options.client.clientSecret) {
          return json(401, { error: "invalid_client" });
        }
        if (!issued || form.get("redirect_uri") !== issued.redirectUri) return json(400, { error: "invalid_grant" });
        const verifier = form.get("code_verifier") ?? "";
        state.lastPkceMatched = issued.challenge !== undefined && createHash("sha256").update(verifier).digest("base64url") === issued.challenge;
        if (!state.lastPkceMatched) return json(400, { error: "invalid_grant", error_description: "PKCE" });
        return json(200, { access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: await idToken(issued.nonce) });
      }
      json(404, { error: "not_found" });
    })();
  });
  return state;
}

/** A browser's cookies, kept across the redirects a sign-in goes through. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const separator = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, separator), pair!.slice(separator + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * Goes through `oidc-provider`'s own login and consent pages as a browser would, from its
 * authorisation URL until it sends the browser back to the app: returns that callback URL.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, options: { refuseConsent?: boolean } = {}): Promise<URL> {
  const jar = new CookieJar();
  let next: { url: string; init?: RequestInit } = { url: authorizationUrl };
  for (let step = 0; step < 12; step++) {
    const response = await fetch(next.url, { ...next.init, redirect: "manual", headers: { ...next.init?.headers, Cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get("Location");
    if (location) {
      const target = new URL(location, next.url);
      if (target.pathname === "/auth/oidc/callback") return target;
      next = { url: target.href };
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`the provider answered ${response.status} without a form: ${page.slice(0, 300)}`);
    const isLogin = page.includes('name="login"');
    if (!isLogin && options.refuseConsent) {
      const abort = /href="([^"]*\/abort)"/.exec(page)?.[1];
      next = { url: new URL(abort!, next.url).href };
      continue;
    }
    const fields: Record<string, string> = isLogin ? { prompt: "login", login, password: "any" } : { prompt: "consent" };
    next = {
      url: new URL(action, next.url).href,
      init: { method: "POST", body: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    };
  }
  throw new Error("the provider never sent the browser back");
}
