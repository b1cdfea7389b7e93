import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { languageSchema } from "~/schemas/language";
import { safeRedirectPath } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { localeCookie } from "~/utils/locale.server";

/** The action does one thing and reads no `intent`: read by the authorisation matrix test. */
export const singleIntent = true;

export async function action({ request }: ActionFunctionArgs) {
  const parsed = languageSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) {
    return Response.json({ errors: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
  }
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}

export function loader() {
  return redirect("/plans");
}
