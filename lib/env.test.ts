import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded Keystone and public interface", () => {
    const env = parseEnv({ NODE_ENV: "test" });
    expect(env).toMatchObject({
      authUrl: "http://127.0.0.1:5000/v3",
      OS_INTERFACE: "public",
      RPO_WARNING_SECONDS: 900,
      UPSTREAM_TIMEOUT_MS: 10_000,
      COOKIE_SECURE: "auto",
    });
    expect(env.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("requires SESSION_SECRET in production unless DASHBOARD_INSECURE_DEV is set", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: is required in production/);
    expect(parseEnv({ NODE_ENV: "production", DASHBOARD_INSECURE_DEV: "1" }).NODE_ENV).toBe("production");
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32) }).sessionSecret).toBe("s".repeat(32));
  });

  it("names every bad variable at once", () => {
    let message = "";
    try {
      parseEnv({
        OS_AUTH_URL: "not a url",
        OS_INTERFACE: "private",
        SESSION_SECRET: "short",
        RPO_WARNING_SECONDS: "-1",
        UPSTREAM_TIMEOUT_MS: "abc",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ["OS_AUTH_URL", "OS_INTERFACE", "SESSION_SECRET", "RPO_WARNING_SECONDS", "UPSTREAM_TIMEOUT_MS"])
      expect(message).toContain(name);
    expect(message).not.toContain("short");
  });

  it("treats empty strings as unset and normalises the public origin", () => {
    const env = parseEnv({
      NODE_ENV: "test",
      OS_REGION_NAME: "",
      DASHBOARD_PUBLIC_ORIGIN: "https://dash.example.org/some/path",
      OS_AUTH_URL: "http://k:5000/v3/",
    });
    expect(env.OS_REGION_NAME).toBeUndefined();
    expect(env.DASHBOARD_PUBLIC_ORIGIN).toBe("https://dash.example.org");
    expect(env.authUrl).toBe("http://k:5000/v3");
  });
});
