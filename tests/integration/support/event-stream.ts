import { expect } from "vitest";

export interface StreamReader {
  events: { event: string; id?: string; data: string }[];
  /** True once the server has written to the stream, which it does once it is subscribed. */
  started(): boolean;
  /** True once the stream has ended (the server closed it, or it was cut). */
  ended(): boolean;
  stop(): void;
}

/** Reads a server-sent-events response in the background, keeping every event. */
export async function openEventStream(url: string, cookie: string): Promise<StreamReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/event-stream" }, signal: abort.signal });
  expect(response.status).toBe(200);
  const events: StreamReader["events"] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let started = false;
  let ended = false;
  void (async () => {
    let text = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return void (ended = true);
      started = true;
      text += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = text.indexOf("\n\n")) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((line) => line.includes(":") && !line.startsWith(":"))
            .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
        );
        if (fields.event) events.push({ event: fields.event, id: fields.id, data: fields.data ?? "" });
      }
    }
  })();
  return { events, started: () => started, ended: () => ended, stop: () => abort.abort() };
}

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs` naming `what` it waited for. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
