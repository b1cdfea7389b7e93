import { z } from "zod";

const email = z.string({ error: "errors.required" }).trim().toLowerCase().pipe(z.email({ error: "errors.emailInvalid" }));

/** `/login?redirectTo=…`, and `signedOutOf` after signing out of a session that came through an identity provider. */
export const loginQuery = z.object({ redirectTo: z.string().max(2000).optional(), signedOutOf: z.uuid().optional() });

export const MIN_PASSWORD_LENGTH = 12;
const newPassword = z
  .string({ error: "errors.required" })
  .min(MIN_PASSWORD_LENGTH, { error: "errors.passwordTooShort" })
  .max(200, { error: "errors.tooLong" });

export const loginSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("password"),
    email,
    password: z.string({ error: "errors.required" }).max(200, { error: "errors.tooLong" }),
    redirectTo: z.string().optional(),
  }),
  z.object({ intent: z.literal("demo"), email, redirectTo: z.string().optional() }),
]);

export const setPasswordSchema = z
  .object({ password: newPassword, confirmation: z.string({ error: "errors.required" }) })
  .refine((value) => value.password === value.confirmation, { path: ["confirmation"], error: "errors.passwordsDiffer" });

export const changePasswordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword: z.string({ error: "errors.required" }),
    password: newPassword,
    confirmation: z.string({ error: "errors.required" }),
  })
  .refine((value) => value.password === value.confirmation, { path: ["confirmation"], error: "errors.passwordsDiffer" });

/** What /account does: change one's password, or issue (anew) or withdraw one's private feed token. */
export const accountActionSchema = z.discriminatedUnion("intent", [
  changePasswordSchema,
  z.object({ intent: z.literal("issue-feed-token") }),
  z.object({ intent: z.literal("revoke-feed-token") }),
]);
