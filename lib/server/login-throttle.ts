/**
 * A brake on password guessing: failed sign-ins are counted per user name and
 * per client address; past a number of them within a window, that name or address must wait, for
 * a time that doubles with each further failure up to a ceiling. Locks always end, and a success
 * clears the user name's count, so the real user is never locked out for good.
 * Kept in memory in each dashboard process, not in the shared store: a restart forgets, and with
 * several replicas each counts its own share (the README says so). Times are wall-clock milliseconds, never the fixed DASHBOARD_NOW.
 */
import "server-only";
import { TooManyRequestsError } from "@/lib/domain/errors";

export interface ThrottleRule {
  /** Failures within `windowMs` before a lock. */
  maxFailures: number;
  windowMs: number;
  /** The first lock; each further failure doubles it, up to `maxLockMs`. */
  baseLockMs: number;
  maxLockMs: number;
}

const MINUTE = 60_000;
export const USER_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * MINUTE, baseLockMs: 30_000, maxLockMs: 15 * MINUTE };
// An office behind one NAT signs in from one address: more room there than for one name.
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowMs: 15 * MINUTE, baseLockMs: 30_000, maxLockMs: 15 * MINUTE };
/** Names and addresses remembered per kind; the stalest are forgotten first. */
const MAX_KEYS = 10_000;

interface Count {
  failures: number;
  last: number;
  lockedUntil: number;
}

class Counter {
  private readonly counts = new Map<string, Count>();

  constructor(private readonly rule: ThrottleRule) {}

  waitMs(key: string, now: number): number {
    const c = this.counts.get(key);
    return c ? Math.max(0, c.lockedUntil - now) : 0;
  }

  fail(key: string, now: number): void {
    const old = this.counts.get(key);
    const failures = old && now - old.last <= this.rule.windowMs ? old.failures + 1 : 1;
    const over = failures - this.rule.maxFailures;
    const lockedUntil = over >= 0 ? now + Math.min(this.rule.maxLockMs, this.rule.baseLockMs * 2 ** Math.min(over, 30)) : 0;
    // Re-inserted so the Map's order stays stalest first.
    this.counts.delete(key);
    this.counts.set(key, { failures, last: now, lockedUntil });
    if (this.counts.size > MAX_KEYS) this.counts.delete(this.counts.keys().next().value as string);
  }

  clear(key: string): void {
    this.counts.delete(key);
  }
}

export interface SignInAttempt {
  /** Domain and user name as typed; compared without case, as Keystone's SQL backend does. */
  user: string;
  /** The client's address, or "" when unknown. */
  address: string;
}

export class LoginThrottle {
  private readonly users: Counter;
  private readonly addresses: Counter;

  constructor(userRule = USER_RULE, addressRule = ADDRESS_RULE) {
    this.users = new Counter(userRule);
    this.addresses = new Counter(addressRule);
  }

  /** Throws 429 (with the seconds to wait) while the name or the address is locked. */
  check(attempt: SignInAttempt, now: number): void {
    const wait = Math.max(this.users.waitMs(userKey(attempt), now), attempt.address ? this.addresses.waitMs(attempt.address, now) : 0);
    if (wait <= 0) return;
    const seconds = Math.ceil(wait / 1000);
    throw new TooManyRequestsError(
      "too_many_sign_in_attempts",
      `Too many failed sign-ins. Wait ${seconds} s before trying again.`,
      seconds,
    );
  }

  failed(attempt: SignInAttempt, now: number): void {
    this.users.fail(userKey(attempt), now);
    if (attempt.address) this.addresses.fail(attempt.address, now);
  }

  /** The address keeps its count: one good password must not buy a guesser a fresh allowance. */
  succeeded(attempt: SignInAttempt): void {
    this.users.clear(userKey(attempt));
  }
}

function userKey(attempt: SignInAttempt): string {
  return attempt.user.toLowerCase();
}

/**
 * The client's address: the last X-Forwarded-For entry, which is what the nearest proxy saw (or,
 * with no proxy, what `next start` filled in from the socket when the client sent none). A client
 * talking to `next start` directly can choose it, which is why the user-name count exists too.
 */
export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() ?? "";
}
