import { describe, expect, it } from "vitest";
import { safeNextPath } from "./url";

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
