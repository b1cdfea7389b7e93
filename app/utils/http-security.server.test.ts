import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isAllowedOrigin, securityHeaders } from "./http-security.server";

const OWN = "https://planboard.example.test";

describe("isAllowedOrigin", () => {
  it("lets reads through from anywhere", () => {
    expect(isAllowedOrigin("GET", { origin: "https://evil.test" }, OWN)).toBe(true);
  });

  it("accepts a POST from our own origin, by Origin or by Referer", () => {
    expect(isAllowedOrigin("POST", { origin: OWN }, OWN)).toBe(true);
    expect(isAllowedOrigin("POST", { referer: `${OWN}/plans?x=1` }, OWN)).toBe(true);
  });

  it("refuses a POST from another origin, a look-alike, or with no origin at all", () => {
    expect(isAllowedOrigin("POST", { origin: "https://evil.test" }, OWN)).toBe(false);
    expect(isAllowedOrigin("POST", { origin: `${OWN}.evil.test` }, OWN)).toBe(false);
    expect(isAllowedOrigin("POST", { origin: "null" }, OWN)).toBe(false);
    expect(isAllowedOrigin("DELETE", { referer: "https://evil.test/page" }, OWN)).toBe(false);
    expect(isAllowedOrigin("POST", { referer: "not a url" }, OWN)).toBe(false);
    expect(isAllowedOrigin("POST", {}, OWN)).toBe(false);
  });
});

describe("security headers", () => {
  it("allow scripts by nonce only, never unsafe-inline", () => {
    const csp = contentSecurityPolicy("abc123", "production");
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("include nosniff, a referrer policy and framing protection", () => {
    expect(securityHeaders("n", "development")).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    expect(securityHeaders("n", "development")["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders("n", "production")["Strict-Transport-Security"]).toContain("max-age=");
  });
});
