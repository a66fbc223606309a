import { describe, expect, it } from "vitest";
import { backupTone, instanceTone, isSettled } from "./status";

describe("instance status table", () => {
  it.each([
    ["ACTIVE", "ok"],
    ["HEALTHY", "ok"],
    ["BUILD", "pending"],
    ["BUILDING", "pending"],
    ["NEW", "pending"],
    ["BACKUP", "pending"],
    ["REBOOT", "pending"],
    ["RESIZE", "pending"],
    ["PROMOTE", "pending"],
    ["EJECT", "pending"],
    ["UPGRADE", "pending"],
    ["DETACH", "pending"],
    ["RESTART_REQUIRED", "neutral"],
    ["SHUTDOWN", "neutral"],
    ["BLOCKED", "error"],
    ["FAILED", "error"],
    ["ERROR", "error"],
    ["SOMETHING_NEW", "neutral"],
  ] as const)("%s is %s", (status, tone) => {
    expect(instanceTone(status)).toBe(tone);
  });

  it("treats BUILD and BUILDING as the same state, whatever the case", () => {
    expect(instanceTone("building")).toBe(instanceTone("BUILD"));
  });

  it("settles on every non-pending tone, so a watcher stops on ACTIVE, ERROR and unknown statuses", () => {
    expect(isSettled("BUILD")).toBe(false);
    expect(isSettled("ACTIVE")).toBe(true);
    expect(isSettled("ERROR")).toBe(true);
    expect(isSettled("WHATEVER")).toBe(true);
  });
});

describe("backup status table", () => {
  it.each([
    ["NEW", "pending"],
    ["BUILDING", "pending"],
    ["SAVING", "pending"],
    ["COMPLETED", "ok"],
    ["FAILED", "error"],
    ["DELETE_FAILED", "error"],
    ["RESTORED", "neutral"],
    ["ODD", "neutral"],
  ] as const)("%s is %s", (status, tone) => {
    expect(backupTone(status)).toBe(tone);
  });
});
