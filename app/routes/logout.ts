import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/utils/session.server";

/** The action does one thing and reads no `intent`: read by the authorisation matrix test. */
export const singleIntent = true;

export async function action({ request, context }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await endSession(context.db, request) } });
}

export function loader() {
  return redirect("/plans");
}
