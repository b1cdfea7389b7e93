import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { getEnv } from "~/utils/env.server";
import { IMPORT_PATH, REQUEST_LIMITS } from "~/utils/request-limits.server";
import { ensureBuild, startServer, type RunningServer } from "../../bench/support/server";

const root = fileURLToPath(new URL("../..", import.meta.url));
const MB = 1024 * 1024;

interface Answer {
  status: number;
  body: string;
  /** Body bytes the client had written when the answer came. */
  sentBeforeAnswer: number;
  ms: number;
}

/** What the client sends before it waits for an answer, and how long it waits before sending on. */
const STEP_BYTES = 1 * MB;
const STEP_WAIT_MS = 250;

/**
 * POSTs `totalBytes` of form data to `path`, with a Content-Length or chunked, in steps of
 * `STEP_BYTES`: after each step it waits up to `STEP_WAIT_MS` for an answer, and stops sending as
 * soon as one arrives (as browsers and curl do). So `sentBeforeAnswer` counts the steps the server
 * needed before it answered, however fast this machine moves bytes over loopback at the time.
 */
function post(origin: string, path: string, totalBytes: number, options: { declareLength: boolean }): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    let wakeSender = () => {};
    const req = httpRequest(`${origin}${path}`, {
      method: "POST",
      headers: {
        Origin: origin,
        "Content-Type": "application/x-www-form-urlencoded",
        ...(options.declareLength ? { "Content-Length": String(totalBytes) } : { "Transfer-Encoding": "chunked" }),
      },
    });
    req.on("response", (response: IncomingMessage) => {
      answered = true;
      wakeSender();
      const sentBeforeAnswer = sent;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        req.destroy();
        resolve({ status: response.statusCode!, body, sentBeforeAnswer, ms: Date.now() - started });
      });
      response.on("error", reject);
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    chunk.write("intent=password&email=a%40b.se&password=");
    const writeStep = (): Promise<void> =>
      new Promise((stepWritten) => {
        const stepEnd = Math.min(totalBytes, sent + STEP_BYTES);
        const write = () => {
          while (!answered && sent < stepEnd) {
            const piece = chunk.subarray(0, Math.min(chunk.length, stepEnd - sent));
            sent += piece.length;
            if (!req.write(piece)) return void req.once("drain", write);
          }
          stepWritten();
        };
        write();
      });
    const waitForAnswer = () =>
      new Promise<void>((wake) => {
        const timer = setTimeout(wake, STEP_WAIT_MS);
        wakeSender = () => {
          clearTimeout(timer);
          wake();
        };
      });
    void (async () => {
      while (!answered && sent < totalBytes) {
        await writeStep();
        if (!answered && sent < totalBytes) await waitForAnswer();
      }
      if (!answered) req.end();
    })();
  });
}

function get(origin: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(`${origin}${path}`, { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body }));
    })
      .on("error", reject)
      .end();
  });
}

/** Sends a GET for `path` on an open connection and reads the one answer's head and body. */
function getOn(socket: Socket, path: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    let received = "";
    const onData = (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const headEnd = received.indexOf("\r\n\r\n");
      if (headEnd < 0) return;
      const head = received.slice(0, headEnd);
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]);
      if (received.length < headEnd + 4 + length) return;
      done();
      resolve({ head, body: received.slice(headEnd + 4) });
    };
    const onClose = () => {
      done();
      reject(new Error(`the server closed the connection before it answered ${path}`));
    };
    const done = () => {
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onClose);
    };
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("error", onClose);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe("request limits on the built server", () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    ensureBuild(root);
    dataDir = mkdtempSync(join(tmpdir(), "planboard-limits-"));
    // Ports 4700-4799 are this project's for test servers: the fault test takes 4700-4759, the
    // server-processes test 4760-4789, this one 4791-4799.
    server = await startServer({ root, database: { dataDir }, sessionSecret: getEnv().sessionSecret, port: 4791 + Math.floor(Math.random() * 9) });
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a 20 MB sign-in form that declares its length with 413 at once, without reading it", async () => {
    const memoryBefore = server.peakMemoryBytes();
    const answer = await post(server.origin, "/login", 20 * MB, { declareLength: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("too large");
    expect(answer.ms).toBeLessThan(2_000);
    expect(answer.sentBeforeAnswer).toBeLessThan(10 * MB);
    expect(server.peakMemoryBytes() - memoryBefore).toBeLessThan(20 * MB);
  });

  it("refuses a 20 MB chunked form, which says nothing of its size, with 413 once the limit is passed", async () => {
    const memoryBefore = server.peakMemoryBytes();
    const answer = await post(server.origin, "/login", 20 * MB, { declareLength: false });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("too large");
    expect(answer.ms).toBeLessThan(2_000);
    expect(answer.sentBeforeAnswer).toBeLessThan(10 * MB);
    expect(server.peakMemoryBytes() - memoryBefore).toBeLessThan(20 * MB);
  });

  it("reads a form within the limit, chunked or not, as before", async () => {
    for (const declareLength of [true, false]) {
      const answer = await post(server.origin, "/login", REQUEST_LIMITS.bodyBytes - 1024, { declareLength });
      // The sign-in form itself refuses so long a password: a 400 from the action, not a size refusal.
      expect(answer.status).toBe(400);
    }
  });

  it("takes a body over 256 kB at the import address alone, up to IMPORT_MAX_MB (50 by default)", async () => {
    // Past the size check: the address itself then sends a visitor who is not signed in to sign in.
    const within = await post(server.origin, IMPORT_PATH, 2 * MB, { declareLength: true });
    expect(within.status).toBe(302);
    const tooLarge = await post(server.origin, IMPORT_PATH, 51 * MB, { declareLength: true });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain("The file is too large (at most 50 MB)");
    expect((await post(server.origin, "/login", 2 * MB, { declareLength: true })).status).toBe(413);
  });

  it("answers an overlong address with 414 and oversized headers with 431", async () => {
    const longPath = `/plans?${"q".repeat(REQUEST_LIMITS.urlBytes)}`;
    const tooLong = await get(server.origin, longPath);
    expect(tooLong.status).toBe(414);
    expect(tooLong.body).toContain("too long");
    expect((await get(server.origin, "/healthz")).status).toBe(200);
    expect((await get(server.origin, "/healthz", { "X-Padding": "x".repeat(20 * 1024) })).status).toBe(431);
    expect(server.alive()).toBe(true);
  });

  it("keeps an idle connection open past Node's 5 s default, so a client that sends on it then is not cut off", async () => {
    const socket = connect(Number(new URL(server.origin).port), "127.0.0.1");
    try {
      const first = await getOn(socket, "/healthz");
      expect(first.head).toMatch(/^HTTP\/1\.1 200/);
      // What the server tells clients that read it (undici does; Playwright's request context does not).
      expect(first.head).toMatch(/\r\nKeep-Alive: timeout=65(\r\n|$)/i);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(socket.destroyed).toBe(false);
      expect((await getOn(socket, "/healthz")).head).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  });

  it("keeps Retry-After on a 429 to a plain (JavaScript-off) form post", async () => {
    const signIn = () =>
      fetch(`${server.origin}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "password", email: "nobody@exempelby.test", password: "a guess" }),
      });
    for (let attempt = 0; attempt < RATE_LIMITS.passwordGuesses.perAccount; attempt++) expect((await signIn()).status).toBe(401);
    const limited = await signIn();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(limited.headers.get("Retry-After")).toBe(String(RATE_LIMITS.passwordGuesses.windowSeconds));
  });
});
