import { describe, expect, it } from "vitest";
import { seal, unseal } from "./seal";

const SECRET = "x".repeat(32);

describe("session sealing", () => {
  it("round-trips a value and hides it", () => {
    const sealed = seal({ token: "gAAAA-secret-token" }, SECRET);
    expect(sealed).not.toContain("secret-token");
    expect(unseal(sealed, SECRET)).toEqual({ token: "gAAAA-secret-token" });
  });

  it("uses a fresh IV every time", () => {
    expect(seal({ a: 1 }, SECRET)).not.toBe(seal({ a: 1 }, SECRET));
  });

  it("refuses another secret, a flipped bit, a truncation and another format", () => {
    const sealed = seal({ a: 1 }, SECRET);
    expect(unseal(sealed, "y".repeat(32))).toBeNull();
    const raw = Buffer.from(sealed.slice(3), "base64url");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(unseal("v1." + raw.toString("base64url"), SECRET)).toBeNull();
    expect(unseal(sealed.slice(0, 20), SECRET)).toBeNull();
    expect(unseal("v2." + sealed.slice(3), SECRET)).toBeNull();
    expect(unseal("", SECRET)).toBeNull();
  });
});
