import { describe, expect, it } from "vitest";
import { answeringDatabaseFaults, isDatabaseUnavailable, isPreparedStatementGone, isUniqueViolation, noteDatabaseUnavailable, sqlStateOf } from "./database-faults.server";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("sqlStateOf", () => {
  it("reads the SQLSTATE of a database error, and nothing from anything else", () => {
    expect(sqlStateOf(withCode("23505", "duplicate key value violates unique constraint"))).toBe("23505");
    expect(sqlStateOf(withCode("26000", 'prepared statement "x" does not exist'))).toBe("26000");
    expect(isUniqueViolation(withCode("23505"))).toBe(true);
    expect(isPreparedStatementGone(withCode("26000"))).toBe(true);
    for (const other of [withCode("ECONNREFUSED"), withCode("EPIPE"), withCode("EPERM"), withCode("23505x"), Object.assign(new Error("numeric"), { code: 23505 }), new Error("plain"), "23505", null, undefined]) {
      expect(sqlStateOf(other), String(other)).toBeNull();
      expect(isUniqueViolation(other), String(other)).toBe(false);
    }
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises a database that is away: socket errors, shutdown SQLSTATEs, connection-class errors, pg's own messages", () => {
    for (const error of [
      withCode("ECONNREFUSED"),
      withCode("ECONNRESET"),
      withCode("ETIMEDOUT"),
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("57P02"),
      withCode("57P03", "the database system is starting up"),
      withCode("53300", "sorry, too many clients already"),
      withCode("08006"),
      withCode("08P01"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated due to connection timeout", { cause: new Error("timeout expired") }),
      new Error("wrapped", { cause: withCode("ECONNREFUSED") }),
      new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], "connect failed"),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it("leaves every other error a bug or a refusal: constraint violations, serialisation failures, plain errors", () => {
    for (const error of [
      withCode("23505", "duplicate key value violates unique constraint"),
      withCode("40001", "could not serialize access"),
      withCode("22P02", "invalid input syntax for type uuid"),
      new Error("a move wrote no readable event"),
      new Response("Not found", { status: 404 }),
      "Connection terminated",
      null,
      undefined,
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});

describe("answeringDatabaseFaults", () => {
  const page = new Request("http://localhost/plans", { headers: { Accept: "text/html" } });
  const data = new Request("http://localhost/plans?_data=routes%2Fplans._index", { headers: { Accept: "*/*" } });

  it("turns a 500 of a request that met an unavailable database into a 503 page or JSON", async () => {
    const handler = answeringDatabaseFaults(async (_request: Request, context: object) => {
      noteDatabaseUnavailable(context, withCode("ECONNREFUSED"));
      return new Response("Unexpected Server Error", { status: 500 });
    });
    const html = await handler(page, {});
    expect(html.status).toBe(503);
    expect(html.headers.get("Retry-After")).toBe("5");
    expect(await html.text()).toContain("Planboard är inte tillgänglig just nu");
    const json = await handler(data, {});
    expect(json.status).toBe(503);
    expect(await json.json()).toEqual({ error: "database-unavailable", retryAfter: 5 });
  });

  it("leaves other answers alone, 500s included", async () => {
    const handler = answeringDatabaseFaults(async () => new Response("Unexpected Server Error", { status: 500 }));
    expect((await handler(page, {})).status).toBe(500);
    const thrown = answeringDatabaseFaults(async () => {
      throw withCode("ECONNRESET");
    });
    expect((await thrown(data, {})).status).toBe(503);
  });
});
