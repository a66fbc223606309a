/**
 * The dashboard's configuration, parsed once with zod from process.env: the only reader of
 * process.env on the server. Names follow the OpenStack CLI's openrc (OS_AUTH_URL, …).
 * Read lazily (first call), because `next build` imports route modules with NODE_ENV=production
 * and no secret; `next start` fails on the first request with a message naming every bad variable,
 * and instrumentation can call loadEnv() to fail at start-up instead.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";

const boolish = z.enum(["1", "0", "true", "false", "yes", "no"]).transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    OS_AUTH_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:5000/v3"),
    OS_REGION_NAME: z.string().trim().min(1).optional(),
    OS_INTERFACE: z.enum(["public", "internal", "admin"]).default("public"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    DASHBOARD_INSECURE_DEV: boolish.optional(),
    RPO_WARNING_SECONDS: z.coerce.number().int().positive().default(900),
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(50).max(300_000).default(10_000),
    /** The origin browsers use when a proxy sits in front (https://dashboard.example.org). */
    DASHBOARD_PUBLIC_ORIGIN: z
      .url({ protocol: /^https?$/ })
      .transform((u) => new URL(u).origin)
      .optional(),
    /** auto: Secure in production unless the request comes over plain http to a loopback host. */
    COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
    /** How often the shared status pollers ask Trove, per watched instance. */
    STATUS_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /** A fixed "now" (ISO 8601 UTC), for reproducible runbook screenshots against a frozen backend clock. */
    DASHBOARD_NOW: z.iso
      .datetime({ offset: true })
      .transform((s) => Date.parse(s))
      .optional(),
    /** Where the default (SQLite) store keeps its file. */
    DASHBOARD_DATA_DIR: z.string().trim().min(1).default("data"),
    /** redis:// or rediss://: every replica given the same URL shares one store (else SQLite, one process). */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    /** Whether a proxy in front overwrites X-Forwarded-For, so its last entry is the client's address. */
    TRUST_PROXY: boolish.default(false),
    /** A message missing from a language's catalog fails the page instead of being logged (the browser tests set it). */
    I18N_STRICT: boolish.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET && !env.DASHBOARD_INSECURE_DEV) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is required in production (32+ random characters; `npm start` generates one)",
      });
    }
  });

export type Env = z.infer<typeof envSchema> & { sessionSecret: string; authUrl: string };

/** Parses an environment; throws one Error naming every bad variable. Exported for tests. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "unset", as in a shell.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid dashboard configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    authUrl: env.OS_AUTH_URL.replace(/\/+$/, ""),
    // Dev and test only (production is refused above): sessions last as long as the process.
    sessionSecret: env.SESSION_SECRET ?? devSecret(),
  };
}

function devSecret(): string {
  const g = globalThis as { __tpdDevSecret?: string };
  g.__tpdDevSecret ??= randomBytes(32).toString("base64url");
  return g.__tpdDevSecret;
}

let cached: Env | undefined;

export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
