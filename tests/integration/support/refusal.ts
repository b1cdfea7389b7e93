import { BoardError } from "~/models/assignment.server";

/** The status and code a model function refused with, as `"409 stale"`; fails if it did not refuse. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BoardError) return `${error.status} ${error.code}`;
    throw error;
  }
  throw new Error("expected a refusal");
}
