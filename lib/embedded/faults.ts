/**
 * Fault injection for tests and demos: latency, error statuses, malformed bodies, tokens that
 * expire early, and restores that fail. Kept in memory: a restart starts clean (plus EMBEDDED_FAULTS).
 *
 * Paths are globs, not regular expressions: a regex such as `^/instances/([a-z0-9-]+)*\/backups$`
 * backtracks for seconds on a 32-character id, and faults are matched on every request. A glob is
 * matched in time proportional to pattern × path (see `globMatches`), whatever it says.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";

const MAX_GLOB_LENGTH = 200;
const MAX_ALTERNATIVES = 16;

export const faultSpecSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(MAX_GLOB_LENGTH)
      .refine(isGlob, "must be a path glob: * within a segment, ** across segments, {a,b} alternatives (not nested)"),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    kind: z.enum(["latency", "status", "malformed", "expire-token", "restore-error", "restore-slow"]),
    ms: z.number().int().min(0).max(600_000).optional(),
    status: z.number().int().min(100).max(599).optional(),
    count: z.number().int().positive().optional(),
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** Faults taken by the restore they apply to, not by whichever request matches first. */
const RESTORE_KINDS: ReadonlySet<FaultSpec["kind"]> = new Set(["restore-error", "restore-slow"]);

export interface Fault extends FaultSpec {
  id: string;
  /** Applications left; null is unlimited. */
  remaining: number | null;
}

type Token = { literal: string } | { star: "segment" | "any" };

/** `{a,b}c` → ["ac", "bc"]; null when braces are unbalanced, nested or too many. */
function expandBraces(glob: string): string[] | null {
  let out = [""];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "}") return null;
    if (c !== "{") {
      out = out.map((o) => o + c);
      continue;
    }
    const close = glob.indexOf("}", i);
    if (close < 0) return null;
    const inner = glob.slice(i + 1, close);
    if (inner.includes("{")) return null;
    out = out.flatMap((o) => inner.split(",").map((alt) => o + alt));
    if (out.length > MAX_ALTERNATIVES) return null;
    i = close;
  }
  return out;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (const part of glob.split(/(\*\*|\*)/)) {
    if (part === "**") tokens.push({ star: "any" });
    else if (part === "*") tokens.push({ star: "segment" });
    else if (part !== "") tokens.push({ literal: part });
  }
  return tokens;
}

function isGlob(source: string): boolean {
  return expandBraces(source) !== null;
}

/**
 * Whether the whole path matches the glob. Walks the tokens once, keeping the set of path positions
 * reachable so far: no backtracking, so at most tokens × path length steps.
 */
export function globMatches(glob: string, path: string): boolean {
  return (expandBraces(glob) ?? []).some((alternative) => {
    let reach = new Array<boolean>(path.length + 1).fill(false);
    reach[0] = true;
    for (const token of tokenize(alternative)) {
      const next = new Array<boolean>(path.length + 1).fill(false);
      if ("literal" in token) {
        for (let i = 0; i + token.literal.length <= path.length; i++)
          if (reach[i] && path.startsWith(token.literal, i)) next[i + token.literal.length] = true;
      } else {
        let on = false;
        for (let i = 0; i <= path.length; i++) {
          if (reach[i]) on = true;
          next[i] = on;
          // `*` stays within a segment: a slash ends its run (the slash itself is for a literal).
          if (token.star === "segment" && path[i] === "/") on = false;
        }
      }
      reach = next;
    }
    return reach[path.length] === true;
  });
}

export class FaultRegistry {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: randomUUID(), remaining: spec.count ?? null };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The faults that apply to this request, each consumed once. `restore-error` and `restore-slow`
   * are left alone: they are taken by the restore or recovery they are meant for (see below).
   */
  take(method: string, pathname: string): Fault[] {
    return this.consume((f) => !RESTORE_KINDS.has(f.kind) && matches(f, method, pathname));
  }

  takeRestoreError(method: string, pathname: string): Fault | undefined {
    return this.consume((f) => f.kind === "restore-error" && matches(f, method, pathname))[0];
  }

  /** Extra milliseconds the restore or recovery this request starts takes (0 without a fault). */
  takeRestoreDelay(method: string, pathname: string): number {
    return this.consume((f) => f.kind === "restore-slow" && matches(f, method, pathname)).reduce((ms, f) => ms + (f.ms ?? 0), 0);
  }

  private consume(predicate: (f: Fault) => boolean): Fault[] {
    const hit = this.faults.filter(predicate);
    for (const f of hit) if (f.remaining !== null) f.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
    return hit;
  }
}

function matches(f: Fault, method: string, pathname: string): boolean {
  return (!f.method || f.method === method) && globMatches(f.path, pathname);
}

/** The public view of a fault (POST/GET /mgmt/faults). */
export function faultView(f: Fault) {
  return {
    id: f.id,
    path: f.path,
    method: f.method ?? null,
    kind: f.kind,
    ms: f.ms ?? null,
    status: f.status ?? null,
    count: f.count ?? null,
    remaining: f.remaining,
  };
}
