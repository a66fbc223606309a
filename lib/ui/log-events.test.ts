import { englishWording } from "@/lib/i18n/translate";
import { describe, expect, it } from "vitest";
import { describeEvent, justBeforeSentence, parseLsnInput, secondBefore } from "./log-events";

const W = englishWording("logEvents");

describe("destructive changes in words", () => {
  const drop = {
    kind: "drop" as const,
    relations: ["public.orders", "public.order_lines"],
    xid: 745,
    lsn: "117446120",
    time: "2026-11-20T10:03:17.250Z",
  };

  it("names what the commit did", () => {
    expect(describeEvent(drop, W)).toBe("DROP public.orders, public.order_lines");
    expect(describeEvent({ kind: "truncate", relations: [] }, W)).toBe("TRUNCATE (a table)");
  });

  it("validates just before against the commit's own second", () => {
    expect(secondBefore(drop)).toBe("2026-11-20T10:03:17Z");
    expect(secondBefore({ time: "2026-11-20T10:03:17Z" })).toBe("2026-11-20T10:03:17Z");
  });

  it("says which transaction is left out", () => {
    expect(justBeforeSentence(drop, W)).toBe(
      "Stops just before transaction 745 (DROP public.orders, public.order_lines, at LSN 117446120): it and everything after it are left out.",
    );
    expect(justBeforeSentence({ ...drop, xid: null }, W)).toMatch(/^Stops just before the transaction \(/);
  });
});

describe("a typed LSN", () => {
  it("is read in PostgreSQL's hi/lo form or as the API's decimal, and refused otherwise", () => {
    expect(parseLsnInput(" 0/3000108 ")).toBe(String(0x3000108));
    expect(parseLsnInput("16/B374D848")).toBe(((0x16n << 32n) + 0xb374d848n).toString());
    expect(parseLsnInput("96445012040")).toBe("96445012040");
    for (const bad of ["", "0x10", "1/2/3", "G/1", "18446744073709551616", "-5"]) expect(parseLsnInput(bad)).toBeNull();
  });
});
