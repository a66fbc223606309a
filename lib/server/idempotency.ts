/**
 * Idempotency for restores (issue 4): the key is the client's Idempotency-Key scoped to user,
 * project and instance. Concurrent duplicates share one in-flight promise, so Trove is called once.
 * Answers are kept ~24 h in memory (one dashboard process; a restart forgets, which at worst lets
 * a retried restore through the recovery-point validation again). Reusing a key with another body
 * is refused with 422, as the IETF Idempotency-Key draft suggests.
 *
 * Records are bounded per user (issue 12, item 5), so one user's restores cannot push out
 * another's. Only settled answers make room: a record still in flight, or kept because its outcome
 * upstream is unknown, is what stops a second restore, so when a user's records are all of that
 * kind the next restore is refused (429) rather than one of them being forgotten.
 */
import "server-only";
import { createHash } from "node:crypto";
import { ConflictError, TooManyRequestsError, UpstreamError } from "@/lib/domain/errors";

const TTL_MS = 24 * 3600_000;
/** Per user: far more restores than anyone starts in a day. */
const MAX_PER_USER = 200;

interface Entry<T> {
  fingerprint: string;
  promise: Promise<T>;
  expires: number;
  /** Only `done` records may be dropped to make room. */
  state: "running" | "done" | "unknown";
}

export interface IdempotencyScope {
  key: string;
  userId: string;
  projectId: string;
  instanceId: string;
}

export class IdempotencyStore<T> {
  /** userId → that user's records, oldest first. */
  private readonly users = new Map<string, Map<string, Entry<T>>>();

  constructor(private readonly maxPerUser = MAX_PER_USER) {}

  get size(): number {
    let n = 0;
    for (const own of this.users.values()) n += own.size;
    return n;
  }

  /**
   * Runs `work` once per scope; later calls within the TTL get the same answer (or the same
   * in-flight promise). A failure is forgotten so the user can retry with the same key, except a
   * write whose outcome upstream is unknown: repeating it could restore twice.
   */
  run(scope: IdempotencyScope, fingerprint: string, nowMs: number, work: () => Promise<T>): Promise<T> {
    this.sweep(nowMs);
    const id = createHash("sha256").update(JSON.stringify([scope.key, scope.userId, scope.projectId, scope.instanceId])).digest("hex");
    let own = this.users.get(scope.userId);
    const existing = own?.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(new ConflictError(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different restore request. Use a new key."));
      }
      return existing.promise;
    }
    if (!own) {
      own = new Map();
      this.users.set(scope.userId, own);
    }
    if (own.size >= this.maxPerUser && !dropOldestDone(own)) {
      return Promise.reject(
        new TooManyRequestsError("too_many_open_restores", `You have ${own.size} restores still running or of unknown outcome. Check the project's instances before starting another.`),
      );
    }
    const promise = work();
    const entry: Entry<T> = { fingerprint, promise, expires: nowMs + TTL_MS, state: "running" };
    own.set(id, entry);
    const records = own;
    promise.then(
      () => (entry.state = "done"),
      (error: unknown) => {
        if (error instanceof UpstreamError && error.outcomeUnknown) entry.state = "unknown";
        else if (records.get(id) === entry) records.delete(id);
      },
    );
    return promise;
  }

  private sweep(nowMs: number): void {
    for (const [user, own] of this.users) {
      // Oldest first, and every record lives as long: the first one still alive ends the sweep.
      for (const [id, entry] of own) {
        if (entry.expires > nowMs) break;
        own.delete(id);
      }
      if (own.size === 0) this.users.delete(user);
    }
  }
}

function dropOldestDone<T>(own: Map<string, Entry<T>>): boolean {
  for (const [id, entry] of own) {
    if (entry.state === "done") {
      own.delete(id);
      return true;
    }
  }
  return false;
}
