import { createHash, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword } from "./world";

describe("stored passwords", () => {
  it("are scrypt-derived, not one salted SHA-256", () => {
    const stored = hashPassword("demo", "0123456789abcdef");
    expect(stored).toBe(scryptSync("demo", "0123456789abcdef", 32).toString("hex"));
    expect(stored).not.toBe(createHash("sha256").update("0123456789abcdef:demo").digest("hex"));
  });

  it("depend on the salt and the password", () => {
    expect(hashPassword("demo", "salt-a")).not.toBe(hashPassword("demo", "salt-b"));
    expect(hashPassword("demo", "salt-a")).not.toBe(hashPassword("demO", "salt-a"));
  });
});
