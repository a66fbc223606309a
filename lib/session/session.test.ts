import { describe, expect, it } from "vitest";
import { cookieIsSecure, openSession } from "./session";
import { seal } from "./seal";

const SECRET = "s".repeat(32);
const data = {
  token: "tok",
  expiresAt: "2026-11-20T11:00:00Z",
  user: { id: "u1", name: "demo" },
  project: { id: "p1", name: "demo" },
  roles: ["member"],
  troveEndpoint: "http://127.0.0.1:8779/v1.0/p1",
};
const NOW = Date.parse("2026-11-20T10:00:00Z");

describe("openSession", () => {
  it("opens a live session", () => {
    expect(openSession(seal(data, SECRET), SECRET, NOW)).toEqual(data);
  });

  it("is null once the token has expired, exactly at expiry", () => {
    expect(openSession(seal(data, SECRET), SECRET, Date.parse(data.expiresAt))).toBeNull();
  });

  it("is null for a missing, forged or wrongly shaped cookie", () => {
    expect(openSession(undefined, SECRET, NOW)).toBeNull();
    expect(openSession("v1.garbage", SECRET, NOW)).toBeNull();
    expect(openSession(seal({ ...data, roles: "admin" }, SECRET), SECRET, NOW)).toBeNull();
  });
});

describe("cookieIsSecure", () => {
  const env = { COOKIE_SECURE: "auto" as const, NODE_ENV: "production" as const, DASHBOARD_PUBLIC_ORIGIN: undefined };

  it.each([
    ["http://127.0.0.1:3000", false],
    ["http://localhost:3000", false],
    ["http://[::1]:3000", false],
    ["https://127.0.0.1:3000", true],
    ["http://dash.internal:3000", true],
    ["https://dash.example.org", true],
  ])("auto in production for %s → %s", (origin, secure) => {
    expect(cookieIsSecure(env, origin)).toBe(secure);
  });

  it("is never Secure in development unless forced, and the public origin decides behind a proxy", () => {
    expect(cookieIsSecure({ ...env, NODE_ENV: "development" }, "https://x")).toBe(false);
    expect(cookieIsSecure({ ...env, NODE_ENV: "development", COOKIE_SECURE: "true" }, "http://127.0.0.1")).toBe(true);
    expect(cookieIsSecure({ ...env, COOKIE_SECURE: "false" }, "https://x")).toBe(false);
    expect(cookieIsSecure({ ...env, DASHBOARD_PUBLIC_ORIGIN: "https://dash.example.org" }, "http://127.0.0.1:3000")).toBe(true);
  });
});
