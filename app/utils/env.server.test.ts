import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { defaultServerProcesses, readEnv } from "./env.server";

describe("readEnv", () => {
  it("runs with no configuration at all, in development on the embedded database", () => {
    const env = readEnv({});
    expect(env).toMatchObject({ mode: "development", PORT: 3000, DATA_DIR: "./data" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("refuses production without a session secret", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: is required in production/);
    expect(() => readEnv({ NODE_ENV: "production", SESSION_SECRET: "short" })).toThrow(/at least 32/);
    const secret = "x".repeat(40);
    expect(readEnv({ NODE_ENV: "production", SESSION_SECRET: secret })).toMatchObject({ mode: "production", sessionSecret: secret });
  });

  it("treats demo mode as never production", () => {
    expect(readEnv({ NODE_ENV: "production", PLANBOARD_DEMO: "1" }).mode).toBe("demo");
  });

  it("rejects a database URL that is not PostgreSQL", () => {
    expect(() => readEnv({ DATABASE_URL: "mysql://localhost/x" })).toThrow(/DATABASE_URL: must be a postgres/);
  });

  it("runs one server process per two CPUs on PostgreSQL (one to four) and one on the embedded database, unless told", () => {
    const url = "postgres://postgres@127.0.0.1:5432/planboard";
    expect(readEnv({ DATABASE_URL: url }).serverProcesses).toBe(defaultServerProcesses(availableParallelism()));
    expect([1, 2, 3, 4, 5, 8, 9, 64].map(defaultServerProcesses)).toEqual([1, 1, 1, 2, 2, 4, 4, 4]);
    expect(readEnv({ DATABASE_URL: url, SERVER_PROCESSES: "3" }).serverProcesses).toBe(3);
    expect(readEnv({}).serverProcesses).toBe(1);
    expect(readEnv({ SERVER_PROCESSES: "1" }).serverProcesses).toBe(1);
    expect(() => readEnv({ SERVER_PROCESSES: "2" })).toThrow(/SERVER_PROCESSES: can be more than 1 only with DATABASE_URL/);
    expect(() => readEnv({ DATABASE_URL: url, SERVER_PROCESSES: "0" })).toThrow(/SERVER_PROCESSES/);
  });
});
