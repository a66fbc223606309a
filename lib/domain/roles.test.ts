import { describe, expect, it } from "vitest";
import { canWrite, isAdmin } from "./roles";

describe("role gates", () => {
  it.each([
    [["reader"], false, false],
    [["member", "reader"], true, false],
    [["admin", "member", "reader"], true, true],
    [["admin"], true, true],
    [["Member"], true, false],
    [[], false, false],
    [["service"], false, false],
  ])("%j → canWrite %s, isAdmin %s", (roles, write, admin) => {
    expect(canWrite(roles)).toBe(write);
    expect(isAdmin(roles)).toBe(admin);
  });
});
