import type { AppMode } from "./env.server";

/** Scripts only from our origin or with this response's nonce; no framing; no plugins. */
export function contentSecurityPolicy(nonce: string, mode: AppMode): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (mode === "production") directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export function securityHeaders(nonce: string, mode: AppMode): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(nonce, mode),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (mode === "production") headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence: a state-changing request must say it comes from our own origin. Browsers send
 * Origin on every POST; Referer is the fallback for the few that strip it. A request with
 * neither is refused too, since cookies make it act as the signed-in person.
 */
export function isAllowedOrigin(method: string, headers: { origin?: string; referer?: string }, ownOrigin: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (headers.origin) return headers.origin === ownOrigin;
  if (headers.referer) {
    try {
      return new URL(headers.referer).origin === ownOrigin;
    } catch {
      return false;
    }
  }
  return false;
}
