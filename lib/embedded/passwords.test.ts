import { createHash, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword } from "./world";
import { passwordMatches } from "./keystone";
import { openStore } from "./store";

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

describe("a state file from before scrypt", () => {
  it("accepts the old salted SHA-256 once and stores the password again as scrypt", () => {
    const store = openStore(":memory:", false);
    const salt = "0123456789abcdef";
    store.q.insertUser.run({ id: "u1", name: "old", password_hash: createHash("sha256").update(`${salt}:pw`).digest("hex"), salt });
    const user = () => store.q.userById.get("u1")!;
    expect(passwordMatches(store, user(), "wrong")).toBe(false);
    expect(passwordMatches(store, user(), "pw")).toBe(true);
    expect(user().password_hash).toBe(hashPassword("pw", salt));
    expect(passwordMatches(store, user(), "pw")).toBe(true);
  });
});
