import { describe, expect, it } from "vitest";
import { withContentLength } from "./response-length.server";

describe("withContentLength", () => {
  it("states the length of a JSON answer and keeps its status, headers and bytes", async () => {
    const original = Response.json({ error: null, card: { title: "Brukarråd" } }, { status: 409, headers: { "X-Remix-Response": "yes" } });
    const expected = await original.clone().text();
    const answered = await withContentLength(original);
    expect(answered.status).toBe(409);
    expect(answered.headers.get("X-Remix-Response")).toBe("yes");
    expect(answered.headers.get("Content-Length")).toBe(String(new TextEncoder().encode(expected).byteLength));
    expect(await answered.text()).toBe(expected);
  });

  it("leaves HTML, event streams and bodiless answers as they are", async () => {
    const html = new Response("<!DOCTYPE html>", { headers: { "Content-Type": "text/html" } });
    const events = new Response(new ReadableStream(), { headers: { "Content-Type": "text/event-stream" } });
    const redirect = new Response(null, { status: 302, headers: { Location: "/plans", "Content-Type": "application/json" } });
    for (const response of [html, events, redirect]) expect(await withContentLength(response)).toBe(response);
  });
});
