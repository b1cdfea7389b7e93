import { z } from "zod";
import { supportedLocales } from "~/utils/i18n";

/** The language switcher's form: the language, and the page to go back to (checked by `safeRedirectPath`). */
export const languageSchema = z.object({
  locale: z.enum(supportedLocales),
  redirectTo: z.string().optional(),
});
