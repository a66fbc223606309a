import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalLsn, compareLsn, formatLsn, isLsn, parseLsnInto } from "./lsn";

const MAX = (1n << 64n) - 1n;

describe("LSNs", () => {
  it("round-trips every unsigned 64-bit value exactly, beyond 2^53 too", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), (v) => {
        const p = { hi: 0, lo: 0 };
        expect(parseLsnInto(v.toString(), p)).toBe(true);
        expect(formatLsn(p.hi, p.lo)).toBe(v.toString());
      }),
    );
  });

  it.each([
    2n ** 53n,
    2n ** 53n + 1n,
    99_999_999n << 32n,
    (99_999_999n << 32n) + 1n,
    10n ** 14n * 4_294_967n,
    10n ** 19n,
    10n ** 19n - 1n,
    MAX,
  ])("formats %s as BigInt does, across the digit groups it is built from", (v) => {
    expect(formatLsn(Number(v >> 32n), Number(v & 0xffff_ffffn))).toBe(v.toString());
  });

  it("orders like BigInt", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), fc.bigInt({ min: 0n, max: MAX }), (a, b) => {
        expect(compareLsn(a.toString(), b.toString())).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
    // Neighbours that doubles cannot tell apart.
    expect(compareLsn("9007199254740993", "9007199254740992")).toBe(1);
    expect(compareLsn("18446744073709551615", "18446744073709551614")).toBe(1);
  });

  it.each(["", "-1", "1.0", "1e3", " 1", "0x10", "18446744073709551616", "99999999999999999999", "000000000000000000001"])(
    "refuses %j",
    (s) => {
      expect(isLsn(s)).toBe(false);
      expect(() => compareLsn(s, "0")).toThrow(RangeError);
    },
  );

  it("reads leading zeros as the same number", () => {
    expect(canonicalLsn("0000123")).toBe("123");
    expect(compareLsn("007", "7")).toBe(0);
  });
});
