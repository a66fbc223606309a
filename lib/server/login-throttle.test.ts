import { describe, expect, it } from "vitest";
import { clientAddress, LoginThrottle } from "./login-throttle";

const rule = { maxFailures: 3, windowMs: 60_000, baseLockMs: 1000, maxLockMs: 8000 };
const demo = { user: "Default/demo", address: "10.0.0.1" };

function waitOf(throttle: LoginThrottle, attempt: typeof demo, now: number): number | null {
  try {
    throttle.check(attempt, now);
    return null;
  } catch (error) {
    expect(error).toMatchObject({ status: 429, code: "too_many_sign_in_attempts" });
    return (error as { retryAfterSeconds: number }).retryAfterSeconds;
  }
}

describe("LoginThrottle", () => {
  it("locks a user name after repeated failures, from any address and whatever its case", () => {
    const t = new LoginThrottle(rule, { ...rule, maxFailures: 100 });
    for (let i = 0; i < 3; i++) {
      expect(waitOf(t, demo, 0)).toBeNull();
      t.failed({ ...demo, address: `10.0.0.${i}` }, 0);
    }
    expect(waitOf(t, { user: "default/DEMO", address: "192.0.2.1" }, 0)).toBe(1);
    expect(waitOf(t, { ...demo, user: "Default/alt" }, 0)).toBeNull();
  });

  it("locks an address trying many names", () => {
    const t = new LoginThrottle({ ...rule, maxFailures: 100 }, rule);
    for (let i = 0; i < 3; i++) t.failed({ user: `Default/u${i}`, address: "203.0.113.9" }, 0);
    expect(waitOf(t, { user: "Default/someone-else", address: "203.0.113.9" }, 0)).toBe(1);
    expect(waitOf(t, { user: "Default/someone-else", address: "203.0.113.10" }, 0)).toBeNull();
  });

  it("doubles the lock with each further failure, up to a ceiling, and always lets go", () => {
    const t = new LoginThrottle(rule, rule);
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      t.failed(demo, now);
      const wait = waitOf(t, demo, now);
      if (wait !== null) {
        waits.push(wait);
        now += wait * 1000;
        expect(waitOf(t, demo, now)).toBeNull();
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it("forgets old failures after the window, and a success clears the name", () => {
    const t = new LoginThrottle(rule, { ...rule, maxFailures: 100 });
    t.failed(demo, 0);
    t.failed(demo, 0);
    t.failed(demo, 61_000);
    expect(waitOf(t, demo, 61_000)).toBeNull();
    t.failed(demo, 61_000);
    t.succeeded(demo);
    t.failed(demo, 61_000);
    t.failed(demo, 61_000);
    expect(waitOf(t, demo, 61_000)).toBeNull();
  });

  it("reads the client address as the nearest proxy saw it", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientAddress(new Headers())).toBe("");
  });
});
