import { createCookie } from "@remix-run/node";
import { defaultLocale, isLocale, type Locale } from "./i18n";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** Swedish unless the person has picked another language. */
export async function resolveLocale(request: Request): Promise<Locale> {
  const chosen: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(chosen) ? chosen : defaultLocale;
}
