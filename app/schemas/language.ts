import { z } from "zod";
import { supportedLocales } from "~/utils/i18n";

/** The language switcher's form: the language, and the page to go back to. */
export const languageSchema = z.object({
  locale: z.enum(supportedLocales),
  redirectTo: z
    .string()
    .regex(/^\/(?![/\\])/, "must be a local path")
    .catch("/plans"),
});
