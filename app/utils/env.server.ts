import { availableParallelism } from "node:os";
import { z } from "zod";

/** Used outside production only, so a demo or a test run needs no configuration. */
const DEVELOPMENT_SESSION_SECRET = "planboard-development-secret-not-for-production";

const DEFAULT_PROCESSES_MAX = 4;

export function defaultServerProcesses(cpus: number): number {
  return Math.max(1, Math.min(Math.floor(cpus / 2), DEFAULT_PROCESSES_MAX));
}

const flag = z
  .enum(["0", "1", "true", "false"])
  .default("0")
  .transform((value) => value === "1" || value === "true");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().positive().default(3000),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    PLANBOARD_DEMO: flag,
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    TRUST_PROXY: z.string().optional(),
    /**
     * Server processes sharing the port. On PostgreSQL one per two CPUs by default, at least 1 and
     * at most DEFAULT_PROCESSES_MAX: the other CPUs are left to the database, and every process
     * handles every live event (decision 0036). Each holds up to 11 connections; Node counts the
     * host's CPUs, not a container's quota. PGlite belongs to one process, so there it can only be 1.
     */
    SERVER_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
    /** The largest Trello export the import takes, in MB. */
    IMPORT_MAX_MB: z.coerce.number().int().min(1).max(1024).default(50),
    // An OpenID Connect provider for a single-organisation install (see the README); written over the
    // organisation's provider at start, so it is changed here and not on the settings page.
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    /** The organisation's slug; may be left out when the database holds one organisation. */
    OIDC_ORGANISATION: z.string().optional(),
    OIDC_DISPLAY_NAME: z.string().max(80).default("organisationens konto"),
    OIDC_ALLOWED_DOMAINS: z.string().default(""),
    OIDC_EMAIL_CLAIM: z.string().default("email"),
    OIDC_GROUPS_CLAIM: z.string().optional(),
    OIDC_CREATE_UNKNOWN: flag,
    OIDC_PASSWORD_SIGN_IN: z
      .enum(["0", "1", "true", "false"])
      .default("1")
      .transform((value) => value === "1" || value === "true"),
    /** `group=role` pairs separated by `;`, e.g. `3f1c…=strategic_developer`. */
    OIDC_ROLE_MAPPING: z.string().default(""),
  })
  .transform((env) => {
    // Demo mode is never production: it has demo accounts and one-click sign-in, served over plain HTTP.
    const mode = env.PLANBOARD_DEMO ? "demo" : env.NODE_ENV === "production" ? "production" : "development";
    const serverProcesses = env.SERVER_PROCESSES ?? (env.DATABASE_URL ? defaultServerProcesses(availableParallelism()) : 1);
    return { ...env, mode, serverProcesses, sessionSecret: env.SESSION_SECRET ?? (mode === "production" ? "" : DEVELOPMENT_SESSION_SECRET) };
  })
  .refine((env) => env.serverProcesses === 1 || env.DATABASE_URL !== undefined, {
    path: ["SERVER_PROCESSES"],
    message: "can be more than 1 only with DATABASE_URL: the embedded database belongs to one process",
  })
  .refine((env) => env.OIDC_ISSUER === undefined || (env.OIDC_CLIENT_ID !== undefined && env.OIDC_CLIENT_SECRET !== undefined), {
    path: ["OIDC_ISSUER"],
    message: "needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too",
  })
  .refine((env) => env.sessionSecret !== "", {
    path: ["SESSION_SECRET"],
    message: "is required in production (NODE_ENV=production): set it to a long random string",
  });

export type Env = z.infer<typeof envSchema>;
export type AppMode = Env["mode"];

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const blankToUndefined = Object.fromEntries(Object.entries(source).map(([key, value]) => [key, value === "" ? undefined : value]));
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
/** The process's configuration, read once. */
export function getEnv(): Env {
  cached ??= readEnv();
  return cached;
}
