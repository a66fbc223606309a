/**
 * Idempotency for restores, across replicas and restarts: the key is the client's Idempotency-Key
 * scoped to user, project and instance, and its record lives in the shared store. The record is
 * claimed atomically (set-if-absent) before anything reaches Trove, moves to `sending` with what
 * is about to be sent just before the write, then holds the answer for 24 h. The same key on
 * another replica waits for that answer; reusing a key with another body is refused with 422, as
 * the IETF Idempotency-Key draft suggests.
 *
 * The replica holding a claim renews a short lease on it while it works. A claim whose lease ran
 * out has lost its holder (killed, restarted): the next request with that key takes it over, and
 * when the holder had got as far as sending, first asks Trove whether that write happened (the
 * caller's `resolve`) and sends nothing again if it did.
 *
 * Records are bounded per user, so one user's restores cannot push out another's. Only settled
 * answers make room: a record still in flight, or kept because its outcome upstream is unknown,
 * is what stops a second restore, so when a user's records are all of that kind the next restore
 * is refused (429) rather than one of them being forgotten.
 */
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, ConflictError, TooManyRequestsError, UpstreamError } from "@/lib/domain/errors";
import { holdLease, releaseLease, StoreUnavailableError, type SharedStore } from "./store/store";

const TTL_MS = 24 * 3600_000;
/** How long a failure is kept for the duplicates that waited on it; a later request starts afresh. */
const FAILED_TTL_MS = 10_000;
/** Per user: far more restores than anyone starts in a day. */
const MAX_PER_USER = 200;
/** How long a holder's claim outlives its last renewal (it renews every third of this). */
const HOLDER_LEASE_MS = 6_000;
/** How long a duplicate waits for the holder's answer before answering 409. */
const WAIT_MS = 90_000;
const POLL_MS = 150;
/** Attempts at a compare-and-set that others keep changing under us. */
const CAS_ATTEMPTS = 50;

const storedErrorSchema = z.object({ status: z.number().int(), code: z.string(), message: z.string(), retryable: z.boolean().optional() });

const recordSchema = z.object({
  fingerprint: z.string(),
  state: z.enum(["claimed", "sending", "done", "failed", "unknown"]),
  intent: z.unknown().optional(),
  answer: z.unknown().optional(),
  error: storedErrorSchema.optional(),
});
type IdempotencyRecord = z.infer<typeof recordSchema>;

const userIndexSchema = z.array(z.object({ id: z.string(), settled: z.boolean(), expires: z.number() }));

export interface IdempotencyScope {
  key: string;
  userId: string;
  projectId: string;
  instanceId: string;
}

export interface IdempotentWork<T, I> {
  /** Does the write; calls `sending(intent)` right before it sends anything to Trove. */
  send(sending: (intent: I) => Promise<void>): Promise<T>;
  /**
   * After a holder died having sent `intent`: the answer Trove shows it produced, or null when
   * Trove shows nothing, and then the write is sent again.
   */
  resolve?(intent: I): Promise<T | null>;
}

export interface IdempotencyOptions<T, I> {
  answer: z.ZodType<T>;
  intent: z.ZodType<I>;
  maxPerUser?: number;
  waitMs?: number;
  now?: () => number;
}

export class IdempotencyStore<T, I = unknown> {
  /** This replica's duplicates share one promise instead of each polling the store. */
  private readonly inFlight = new Map<string, { fingerprint: string; promise: Promise<T> }>();
  private readonly owner = randomUUID();
  private readonly maxPerUser: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: SharedStore,
    private readonly options: IdempotencyOptions<T, I>,
  ) {
    this.maxPerUser = options.maxPerUser ?? MAX_PER_USER;
    this.waitMs = options.waitMs ?? WAIT_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `work` once per scope across every replica sharing the store; later calls within the TTL
   * get the same answer. A failure is given to the duplicates that waited on it and then forgotten,
   * so the user can retry with the same key (even with a corrected body), except a write whose
   * outcome upstream is unknown: repeating it could restore twice.
   */
  run(scope: IdempotencyScope, fingerprint: string, work: IdempotentWork<T, I>): Promise<T> {
    const id = idempotencyId(scope);
    const local = this.inFlight.get(id);
    if (local) return local.fingerprint === fingerprint ? local.promise : Promise.reject(keyReused());
    const promise = this.execute(id, scope.userId, fingerprint, work).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, { fingerprint, promise });
    return promise;
  }

  private async execute(id: string, userId: string, fingerprint: string, work: IdempotentWork<T, I>): Promise<T> {
    const recordKey = `idem:${id}`;
    const leaseKey = `idem-holder:${id}`;
    const deadline = this.now() + this.waitMs;
    /** Whether this request waited on another one with its key: then that one's failure is its answer too. */
    let waited = false;
    for (;;) {
      const raw = await this.store.get(recordKey);
      const found = raw === null ? null : parseRecord(raw);
      if (raw !== null && found?.state === "failed" && !(waited && found.fingerprint === fingerprint)) {
        // A failure is forgotten: a later request with this key (even another body) starts afresh.
        await this.reserve(userId, id);
        if (await holdLease(this.store, leaseKey, this.owner, HOLDER_LEASE_MS)) {
          const claimed: IdempotencyRecord = { fingerprint, state: "claimed" };
          const value = JSON.stringify(claimed);
          if (await this.store.compareAndSet(recordKey, raw, value, TTL_MS))
            return this.hold({ recordKey, leaseKey, userId, id }, claimed, value, work);
          await releaseLease(this.store, leaseKey, this.owner);
        }
        await this.pause(deadline);
        continue;
      }
      if (raw === null) {
        await this.reserve(userId, id);
        // The lease first: a record seen without a live lease is taken for its holder's death.
        if (await holdLease(this.store, leaseKey, this.owner, HOLDER_LEASE_MS)) {
          const claimed: IdempotencyRecord = { fingerprint, state: "claimed" };
          const value = JSON.stringify(claimed);
          if (await this.store.setIfAbsent(recordKey, value, TTL_MS))
            return this.hold({ recordKey, leaseKey, userId, id }, claimed, value, work);
          await releaseLease(this.store, leaseKey, this.owner);
        }
        await this.pause(deadline);
        continue;
      }
      const record = found as IdempotencyRecord;
      if (record.fingerprint !== fingerprint) throw keyReused();
      if (record.state === "done") return this.options.answer.parse(record.answer);
      if (record.state === "failed" || record.state === "unknown") throw storedError(record);
      if ((await this.store.get(leaseKey)) === null && (await holdLease(this.store, leaseKey, this.owner, HOLDER_LEASE_MS))) {
        // The holder died: this request takes the claim over.
        return this.hold({ recordKey, leaseKey, userId, id }, record, raw, work);
      }
      waited = true;
      await this.pause(deadline);
    }
  }

  private async pause(deadline: number): Promise<void> {
    if (this.now() > deadline)
      throw new ConflictError(
        409,
        "restore_in_progress",
        "A restore with this Idempotency-Key is still being sent to Trove. Wait a moment and look at the project's instances before trying again.",
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  private async hold(
    keys: { recordKey: string; leaseKey: string; userId: string; id: string },
    record: IdempotencyRecord,
    raw: string,
    work: IdempotentWork<T, I>,
  ): Promise<T> {
    const renew = setInterval(
      () => void holdLease(this.store, keys.leaseKey, this.owner, HOLDER_LEASE_MS).catch(() => undefined),
      HOLDER_LEASE_MS / 3,
    );
    renew.unref?.();
    let current = raw;
    const update = async (next: IdempotencyRecord, ttlMs = TTL_MS) => {
      const value = JSON.stringify(next);
      if (!(await this.store.compareAndSet(keys.recordKey, current, value, ttlMs))) {
        throw new ConflictError(
          409,
          "restore_in_progress",
          "Another request took over this Idempotency-Key. Look at the project's instances before trying again.",
        );
      }
      current = value;
    };
    try {
      let answer: T | null = null;
      if (record.state === "sending" && work.resolve) {
        answer = await work.resolve(this.options.intent.parse(record.intent));
      }
      answer ??= await work.send((intent) => update({ fingerprint: record.fingerprint, state: "sending", intent }));
      try {
        await update({ fingerprint: record.fingerprint, state: "done", answer });
        await this.settle(keys.userId, keys.id, "done");
      } catch (error) {
        // Trove did it: the answer is the user's even if the store could not keep it; a replay
        // finds the record `sending` with no holder and asks Trove instead of sending again.
        console.error(`[idempotency] answer not stored: ${(error as Error).message}`);
      }
      return answer;
    } catch (error) {
      const unknown = error instanceof UpstreamError && error.outcomeUnknown;
      const stored =
        error instanceof AppError
          ? { status: error.status, code: error.code, message: error.message, retryable: error.extra.retryable }
          : undefined;
      if (stored && !(error instanceof StoreUnavailableError)) {
        await update(
          { fingerprint: record.fingerprint, state: unknown ? "unknown" : "failed", error: stored },
          unknown ? TTL_MS : FAILED_TTL_MS,
        ).catch(() => undefined);
      } else {
        await this.store.deleteIfEquals(keys.recordKey, current).catch(() => undefined);
      }
      if (!unknown) await this.settle(keys.userId, keys.id, "forget").catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renew);
      await releaseLease(this.store, keys.leaseKey, this.owner).catch(() => undefined);
    }
  }

  /** Makes room for record `id` among the user's, or refuses (429) when only open ones are there. */
  private async reserve(userId: string, id: string): Promise<void> {
    await this.editIndex(userId, (records, dropped) => {
      if (records.some((r) => r.id === id)) return records;
      if (records.length >= this.maxPerUser) {
        const oldestSettled = records.findIndex((r) => r.settled);
        if (oldestSettled < 0) {
          throw new TooManyRequestsError(
            "too_many_open_restores",
            `You have ${records.length} restores still running or of unknown outcome. Check the project's instances before starting another.`,
          );
        }
        dropped.push(...records.splice(oldestSettled, 1).map((r) => r.id));
      }
      return [...records, { id, settled: false, expires: this.now() + TTL_MS }];
    });
  }

  private async settle(userId: string, id: string, how: "done" | "forget"): Promise<void> {
    await this.editIndex(userId, (records) =>
      how === "forget" ? records.filter((r) => r.id !== id) : records.map((r) => (r.id === id ? { ...r, settled: true } : r)),
    );
  }

  private async editIndex(
    userId: string,
    edit: (records: z.infer<typeof userIndexSchema>, dropped: string[]) => z.infer<typeof userIndexSchema>,
  ): Promise<void> {
    const key = `idem-user:${userId}`;
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const raw = await this.store.get(key);
      const now = this.now();
      const records = raw === null ? [] : userIndexSchema.parse(JSON.parse(raw)).filter((r) => r.expires > now);
      const dropped: string[] = [];
      const value = JSON.stringify(edit(records, dropped));
      const written =
        raw === null ? await this.store.setIfAbsent(key, value, TTL_MS) : await this.store.compareAndSet(key, raw, value, TTL_MS);
      if (written) {
        for (const old of dropped) await this.store.delete(`idem:${old}`);
        return;
      }
    }
    throw new StoreUnavailableError();
  }
}

/** The store key of a scope's record (exported for tests that play a replica dying mid-write). */
export function idempotencyId(scope: IdempotencyScope): string {
  return createHash("sha256")
    .update(JSON.stringify([scope.key, scope.userId, scope.projectId, scope.instanceId]))
    .digest("hex");
}

function parseRecord(raw: string): IdempotencyRecord {
  return recordSchema.parse(JSON.parse(raw));
}

function keyReused(): ConflictError {
  return new ConflictError(
    422,
    "idempotency_key_reused",
    "This Idempotency-Key was already used for a different restore request. Use a new key.",
  );
}

function storedError(record: IdempotencyRecord): AppError {
  const e = record.error ?? { status: 502, code: "upstream_unavailable", message: "The earlier attempt with this key failed." };
  return new AppError(e.status, e.code, e.message, e.retryable === undefined ? {} : { retryable: e.retryable });
}
