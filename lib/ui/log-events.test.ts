import { describe, expect, it } from "vitest";
import { describeEvent, justBeforeSentence, secondBefore } from "./log-events";

describe("destructive changes in words", () => {
  const drop = { kind: "drop" as const, relations: ["public.orders", "public.order_lines"], xid: 745, lsn: "117446120", time: "2026-11-20T10:03:17.250Z" };

  it("names what the commit did", () => {
    expect(describeEvent(drop)).toBe("DROP public.orders, public.order_lines");
    expect(describeEvent({ kind: "truncate", relations: [] })).toBe("TRUNCATE (a table)");
  });

  it("validates just before against the commit's own second", () => {
    expect(secondBefore(drop)).toBe("2026-11-20T10:03:17Z");
    expect(secondBefore({ time: "2026-11-20T10:03:17Z" })).toBe("2026-11-20T10:03:17Z");
  });

  it("says which transaction is left out", () => {
    expect(justBeforeSentence(drop)).toBe("Stops just before transaction 745 (DROP public.orders, public.order_lines, at LSN 117446120): it and everything after it are left out.");
    expect(justBeforeSentence({ ...drop, xid: null })).toMatch(/^Stops just before the transaction \(/);
  });
});
