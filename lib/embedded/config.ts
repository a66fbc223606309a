/**
 * The backend's settings from its command line and environment (README.md lists them). Flags win
 * over environment variables; every bad value is named at once.
 */
import { z } from "zod";
import { tryParseTroveTime } from "@/lib/recovery";
import { faultSpecSchema, type FaultSpec } from "./faults";

export interface Config {
  db: string;
  reset: boolean;
  host: string;
  keystonePort: number;
  trovePort: number;
  tokenTtlSeconds: number;
  restoreSeconds: number;
  backupSeconds: number;
  buildSeconds: number;
  segmentSeconds: number;
  seed: string;
  /** Epoch ms the clock starts at (EMBEDDED_NOW), or null for the wall clock. */
  startAtMs: number | null;
  clockFrozen: boolean;
  faults: FaultSpec[];
  /** "postgres": real PostgreSQL clusters for every postgresql instance; other datastores stay simulated. */
  engine: "simulated" | "postgres";
  pg: { dir: string | null; network: string; archiveTimeoutSeconds: number };
  preview: { idleMs: number; statementTimeoutMs: number; rowLimit: number; perInstance: number; overall: number };
  schedule: { fullSeconds: number; incrSeconds: number; keepFulls: number };
}

const port = z.coerce.number().int().min(0).max(65_535);
const seconds = z.coerce
  .number()
  .min(0)
  .max(86_400 * 365);

const envSchema = z.object({
  EMBEDDED_DB: z.string().min(1).default("data/embedded.sqlite"),
  EMBEDDED_HOST: z.string().min(1).default("127.0.0.1"),
  EMBEDDED_KEYSTONE_PORT: port.default(5000),
  EMBEDDED_TROVE_PORT: port.default(8779),
  EMBEDDED_TOKEN_TTL_SECONDS: seconds.positive().default(3600),
  EMBEDDED_RESTORE_SECONDS: seconds.default(20),
  EMBEDDED_BACKUP_SECONDS: seconds.default(10),
  EMBEDDED_BUILD_SECONDS: seconds.default(10),
  EMBEDDED_SEGMENT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  EMBEDDED_SEED: z.string().min(1).default("trove-pitr-demo"),
  EMBEDDED_NOW: z
    .string()
    .refine((s) => tryParseTroveTime(s) !== null, "must be an ISO 8601 time, e.g. 2026-11-20T10:00:00Z")
    .optional(),
  EMBEDDED_CLOCK: z.enum(["running", "frozen"]).default("running"),
  EMBEDDED_ENGINE: z.enum(["simulated", "postgres"]).default("simulated"),
  EMBEDDED_PG_DIR: z.string().min(1).optional(),
  EMBEDDED_PG_NETWORK: z
    .string()
    .regex(
      /^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/,
      "must be the first three octets of a loopback network, e.g. 127.0.1",
    )
    .default("127.0.1"),
  EMBEDDED_PG_ARCHIVE_TIMEOUT: z.coerce.number().int().min(1).max(3600).default(10),
  EMBEDDED_PREVIEW_IDLE_SECONDS: seconds.positive().default(300),
  EMBEDDED_PREVIEW_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(5),
  EMBEDDED_PREVIEW_ROWS: z.coerce.number().int().min(1).max(10_000).default(100),
  EMBEDDED_PREVIEW_PER_INSTANCE: z.coerce.number().int().min(1).max(100).default(2),
  EMBEDDED_PREVIEW_MAX: z.coerce.number().int().min(1).max(100).default(4),
  EMBEDDED_SCHEDULE_FULL_SECONDS: seconds.default(600),
  EMBEDDED_SCHEDULE_INCR_SECONDS: seconds.default(120),
  EMBEDDED_SCHEDULE_KEEP_FULLS: z.coerce.number().int().min(1).max(10_000).default(12),
  EMBEDDED_FAULTS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return [];
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON array of faults" });
        return z.NEVER;
      }
    })
    .pipe(z.array(faultSpecSchema)),
});

const FLAGS: Record<string, keyof z.input<typeof envSchema>> = {
  "--db": "EMBEDDED_DB",
  "--keystone-port": "EMBEDDED_KEYSTONE_PORT",
  "--trove-port": "EMBEDDED_TROVE_PORT",
  "--host": "EMBEDDED_HOST",
  "--engine": "EMBEDDED_ENGINE",
};

export class ConfigError extends Error {}

export function parseConfig(argv: readonly string[], env: Record<string, string | undefined>): Config {
  const merged: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) merged[key] = env[key] === "" ? undefined : env[key];
  let reset = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--reset") {
      reset = true;
      continue;
    }
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    const key = FLAGS[flag];
    if (!key)
      throw new ConfigError(
        `unknown argument ${arg}; usage: main.ts [--reset] [--db PATH] [--keystone-port N] [--trove-port N] [--host H] [--engine simulated|postgres]`,
      );
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`${flag} needs a value`);
    merged[key] = value;
  }
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  return {
    db: e.EMBEDDED_DB,
    reset,
    host: e.EMBEDDED_HOST,
    keystonePort: e.EMBEDDED_KEYSTONE_PORT,
    trovePort: e.EMBEDDED_TROVE_PORT,
    tokenTtlSeconds: e.EMBEDDED_TOKEN_TTL_SECONDS,
    restoreSeconds: e.EMBEDDED_RESTORE_SECONDS,
    backupSeconds: e.EMBEDDED_BACKUP_SECONDS,
    buildSeconds: e.EMBEDDED_BUILD_SECONDS,
    segmentSeconds: e.EMBEDDED_SEGMENT_SECONDS,
    seed: e.EMBEDDED_SEED,
    startAtMs: e.EMBEDDED_NOW ? tryParseTroveTime(e.EMBEDDED_NOW) : null,
    clockFrozen: e.EMBEDDED_CLOCK === "frozen",
    faults: e.EMBEDDED_FAULTS,
    engine: e.EMBEDDED_ENGINE,
    pg: { dir: e.EMBEDDED_PG_DIR ?? null, network: e.EMBEDDED_PG_NETWORK, archiveTimeoutSeconds: e.EMBEDDED_PG_ARCHIVE_TIMEOUT },
    preview: {
      idleMs: e.EMBEDDED_PREVIEW_IDLE_SECONDS * 1000,
      statementTimeoutMs: e.EMBEDDED_PREVIEW_TIMEOUT_SECONDS * 1000,
      rowLimit: e.EMBEDDED_PREVIEW_ROWS,
      perInstance: e.EMBEDDED_PREVIEW_PER_INSTANCE,
      overall: e.EMBEDDED_PREVIEW_MAX,
    },
    schedule: {
      fullSeconds: e.EMBEDDED_SCHEDULE_FULL_SECONDS,
      incrSeconds: e.EMBEDDED_SCHEDULE_INCR_SECONDS,
      keepFulls: e.EMBEDDED_SCHEDULE_KEEP_FULLS,
    },
  };
}

/**
 * Whole seconds: every time the backend writes has second precision, like Trove's. A frozen clock
 * (EMBEDDED_CLOCK=frozen) stands still until an admin moves it (POST /mgmt/clock), so screenshots
 * and demos can show "in progress" and then "done" identically on every run.
 */
export interface Clock {
  (): number;
  readonly frozen: boolean;
  advance(ms: number): void;
}

export function makeClock(config: Pick<Config, "startAtMs" | "clockFrozen">): Clock {
  const floor = (ms: number) => Math.floor(ms / 1000) * 1000;
  let offset = config.startAtMs === null ? 0 : config.startAtMs - Date.now();
  let frozenAt = config.startAtMs ?? Date.now();
  const frozen = config.clockFrozen;
  const clock = (() => floor(frozen ? frozenAt : Date.now() + offset)) as Clock;
  Object.defineProperty(clock, "frozen", { value: frozen });
  clock.advance = (ms: number) => {
    if (frozen) frozenAt += ms;
    else offset += ms;
  };
  return clock;
}
