/**
 * Idempotency for restores (issue 4): the key is the client's Idempotency-Key scoped to user,
 * project and instance. Concurrent duplicates share one in-flight promise, so Trove is called once.
 * Answers are kept ~24 h in memory (one dashboard process; a restart forgets, which at worst lets
 * a retried restore through the recovery-point validation again). Reusing a key with another body
 * is refused with 422, as the IETF Idempotency-Key draft suggests.
 */
import "server-only";
import { createHash } from "node:crypto";
import { ConflictError, UpstreamError } from "@/lib/domain/errors";

const TTL_MS = 24 * 3600_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  fingerprint: string;
  promise: Promise<T>;
  expires: number;
}

export interface IdempotencyScope {
  key: string;
  userId: string;
  projectId: string;
  instanceId: string;
}

export class IdempotencyStore<T> {
  private readonly entries = new Map<string, Entry<T>>();

  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `work` once per scope; later calls within the TTL get the same answer (or the same
   * in-flight promise). A failure is forgotten so the user can retry with the same key, except a
   * write whose outcome upstream is unknown: repeating it could restore twice.
   */
  run(scope: IdempotencyScope, fingerprint: string, nowMs: number, work: () => Promise<T>): Promise<T> {
    this.sweep(nowMs);
    const id = createHash("sha256").update(JSON.stringify([scope.key, scope.userId, scope.projectId, scope.instanceId])).digest("hex");
    const existing = this.entries.get(id);
    if (existing && existing.expires > nowMs) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(new ConflictError(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different restore request. Use a new key."));
      }
      return existing.promise;
    }
    const promise = work();
    this.entries.set(id, { fingerprint, promise, expires: nowMs + TTL_MS });
    promise.catch((error: unknown) => {
      const unknownOutcome = error instanceof UpstreamError && error.outcomeUnknown;
      if (!unknownOutcome && this.entries.get(id)?.promise === promise) this.entries.delete(id);
    });
    return promise;
  }

  private sweep(nowMs: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.expires <= nowMs || this.entries.size > MAX_ENTRIES) this.entries.delete(id);
      else break;
    }
  }
}
