/**
 * Fault injection for tests and demos: latency, error statuses, malformed bodies, tokens that
 * expire early, and restores that fail. Kept in memory: a restart starts clean (plus EMBEDDED_FAULTS).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";

export const faultSpecSchema = z
  .object({
    path: z.string().min(1).refine(isRegex, "must be a valid regular expression"),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    kind: z.enum(["latency", "status", "malformed", "expire-token", "restore-error"]),
    ms: z.number().int().min(0).max(600_000).optional(),
    status: z.number().int().min(100).max(599).optional(),
    count: z.number().int().positive().optional(),
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface Fault extends FaultSpec {
  id: string;
  /** Applications left; null is unlimited. */
  remaining: number | null;
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
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
   * The faults that apply to this request, each consumed once. `restore-error` is left alone: it
   * is taken by the restore or recovery it is meant to break (see takeRestoreError).
   */
  take(method: string, pathname: string): Fault[] {
    return this.consume((f) => f.kind !== "restore-error" && matches(f, method, pathname));
  }

  takeRestoreError(method: string, pathname: string): Fault | undefined {
    return this.consume((f) => f.kind === "restore-error" && matches(f, method, pathname))[0];
  }

  private consume(predicate: (f: Fault) => boolean): Fault[] {
    const hit = this.faults.filter(predicate);
    for (const f of hit) if (f.remaining !== null) f.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
    return hit;
  }
}

function matches(f: Fault, method: string, pathname: string): boolean {
  return (!f.method || f.method === method) && new RegExp(f.path).test(pathname);
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
