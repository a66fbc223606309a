import { describe, expect, it } from "vitest";
import { patchedQuery, safeNextPath } from "./url";

describe("safeNextPath", () => {
  it.each([
    ["/project/instances/abc?point=2026-01-01T00:00:00Z#x", "/project/instances/abc?point=2026-01-01T00:00:00Z#x"],
    ["/admin/recovery-overview", "/admin/recovery-overview"],
  ])("keeps the same-origin path %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    // Browsers drop tab, CR and LF from URLs: each of these is //evil.example once typed in.
    "/\t/evil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/\t\\evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "",
    null,
    undefined,
  ])("refuses %j, which would leave the dashboard", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it.each(["/.//evil.example", "/a/../..//evil.example", "/./\t/evil.example"])("never answers a protocol-relative path for %j", (next) => {
    const safe = safeNextPath(next);
    expect(safe.startsWith("//")).toBe(false);
    expect(new URL(safe, "https://dash.example").origin).toBe("https://dash.example");
  });
});

describe("patchedQuery", () => {
  it("sets, replaces and removes keys, keeping the others in order", () => {
    expect(
      patchedQuery("/project/instances/a", "at=2026-03-29T01%3A30%3A00.000Z&tz=utc&range=24h", {
        at: "2026-03-29T02:00:00.000Z",
        tz: null,
        lsn: "0/3000060",
      }),
    ).toBe("/project/instances/a?at=2026-03-29T02%3A00%3A00.000Z&range=24h&lsn=0%2F3000060");
  });

  it("answers the bare path once nothing is left", () => {
    expect(patchedQuery("/admin/recovery-overview", "?risk=1", { risk: null })).toBe("/admin/recovery-overview");
  });
});
