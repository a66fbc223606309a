import { describe, expect, it } from "vitest";
import { FaultRegistry, faultSpecSchema, globMatches } from "./faults";

describe("fault path globs", () => {
  it.each([
    ["/flavors", "/flavors", true],
    ["/flavors", "/flavors/1", false],
    ["/instances/*", "/instances/abc", true],
    ["/instances/*", "/instances/abc/backups", false],
    ["/instances/*/backups", "/instances/abc/backups", true],
    ["/instances**", "/instances", true],
    ["/instances**", "/instances/abc/transaction_logs", true],
    ["/instances{,/detail}", "/instances", true],
    ["/instances{,/detail}", "/instances/detail", true],
    ["/instances{,/detail}", "/instances/abc", false],
    ["**/backups", "/instances/abc/backups", true],
    // Regex syntax means nothing: these are literal characters.
    ["^/flavors$", "/flavors", false],
    ["/instances(/detail)?", "/instances(/detail)?", true],
  ])("%j on %j: %s", (glob, path, expected) => {
    expect(globMatches(glob, path)).toBe(expected);
  });

  it("refuses unbalanced or nested braces and too many alternatives", () => {
    for (const path of ["/a{b", "/a}b", "/{a,{b,c}}", `/{${Array.from({ length: 20 }, (_, i) => i).join(",")}}`, "x".repeat(201)]) {
      expect(faultSpecSchema.safeParse({ path, kind: "status" }).success).toBe(false);
    }
    expect(faultSpecSchema.safeParse({ path: "/instances/*/backups", kind: "status" }).success).toBe(true);
  });

  it("matches a pattern that would make a regex backtrack in a few milliseconds", () => {
    const faults = new FaultRegistry();
    // As a regex, this takes over a second on a 26-character id that does not end in /backups.
    faults.add(faultSpecSchema.parse({ path: "^/instances/([a-z0-9-]+)*/backups$", kind: "status" }));
    faults.add(faultSpecSchema.parse({ path: `/instances/${"*".repeat(100)}x/backups`, kind: "status" }));
    const started = performance.now();
    expect(faults.take("GET", `/instances/${"a".repeat(26)}/backupsX`)).toEqual([]);
    expect(faults.take("GET", `/instances/${"a".repeat(4000)}/backups`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("restore faults", () => {
  it("a restore-slow fault is taken by the restore it matches, not by other requests, and adds its ms once", () => {
    const faults = new FaultRegistry();
    faults.add(faultSpecSchema.parse({ path: "/instances", method: "POST", kind: "restore-slow", ms: 30_000, count: 1 }));
    expect(faults.take("POST", "/instances")).toEqual([]);
    expect(faults.takeRestoreError("POST", "/instances")).toBeUndefined();
    expect(faults.takeRestoreDelay("POST", "/recovery")).toBe(0);
    expect(faults.takeRestoreDelay("POST", "/instances")).toBe(30_000);
    expect(faults.takeRestoreDelay("POST", "/instances")).toBe(0);
  });
});
