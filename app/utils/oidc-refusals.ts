/** Why a sign-in through the organisation's provider was refused: each has its own page saying what to do. */
export type OidcRefusal =
  | "provider-unreachable"
  | "clock-skew"
  | "wrong-tenant"
  | "consent-refused"
  | "provider-error"
  | "invalid-response"
  | "attempt-unknown"
  | "other-browser"
  | "no-email"
  | "domain-not-allowed"
  | "unknown-person"
  | "deactivated"
  | "already-linked"
  | "rate-limited";

export const OIDC_REFUSAL_STATUS: Record<OidcRefusal, number> = {
  "provider-unreachable": 502,
  "clock-skew": 401,
  "wrong-tenant": 401,
  "consent-refused": 403,
  "provider-error": 502,
  "invalid-response": 400,
  "attempt-unknown": 400,
  "other-browser": 400,
  "no-email": 403,
  "domain-not-allowed": 403,
  "unknown-person": 403,
  deactivated: 403,
  "already-linked": 403,
  "rate-limited": 429,
};

export const OIDC_REFUSALS = Object.keys(OIDC_REFUSAL_STATUS) as [OidcRefusal, ...OidcRefusal[]];
