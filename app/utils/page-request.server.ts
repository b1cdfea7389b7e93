/**
 * Whether a request is a browser navigating to a page, which asks for HTML; not a fetcher's, a
 * script's or a client-side navigation's request for data (`?_data`, which Remix strips before a
 * loader sees the address, and asks for anything).
 */
export function isPageRequest(request: Request): boolean {
  if (new URL(request.url).searchParams.has("_data")) return false;
  return (request.headers.get("Accept") ?? "").includes("text/html");
}
