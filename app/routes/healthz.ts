import type { LoaderFunctionArgs } from "@remix-run/node";
import { databaseAnswers } from "~/models/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const ok = await databaseAnswers(context.db);
  return Response.json(
    { status: ok ? "ok" : "unavailable", database: ok ? "up" : "down" },
    { status: ok ? 200 : 503, headers: ok ? { "Cache-Control": "no-store" } : { "Cache-Control": "no-store", "Retry-After": "5" } },
  );
}
