import { englishWording } from "@/lib/i18n/translate";
import { describe, expect, it } from "vitest";
import { justBeforePoints } from "./just-before";

const W = englishWording("justBefore");

const at = (iso: string) => Date.parse(iso);

describe("justBeforePoints", () => {
  const recoverable = [
    { start: "2026-11-20T09:00:00Z", end: "2026-11-20T10:01:00Z" },
    { start: "2026-11-20T10:03:00Z", end: "2026-11-20T11:00:00Z" },
  ];

  it("5 s, 1 min and 5 min before, as they are when recoverable", () => {
    expect(justBeforePoints(recoverable, at("2026-11-20T10:30:17Z"), undefined, W)).toEqual([
      { offsetSeconds: 5, label: "5 s before", iso: "2026-11-20T10:30:12Z", snap: null },
      { offsetSeconds: 60, label: "1 min before", iso: "2026-11-20T10:29:17Z", snap: null },
      { offsetSeconds: 300, label: "5 min before", iso: "2026-11-20T10:25:17Z", snap: null },
    ]);
  });

  it("a point in a gap moves back to the last recoverable second before it, and says by how much", () => {
    const [, minute, five] = justBeforePoints(recoverable, at("2026-11-20T10:03:30Z"), undefined, W);
    expect(minute).toEqual({
      offsetSeconds: 60,
      label: "1 min before",
      iso: "2026-11-20T10:01:00Z",
      snap: "moved 1 min 30 s earlier, to the last recoverable second before it",
    });
    expect(five!.iso).toBe("2026-11-20T09:58:30Z");
    expect(five!.snap).toBeNull();
  });

  it("before the first recoverable second, it moves forward, but never to the chosen instant or after", () => {
    const [five, minute] = justBeforePoints(recoverable, at("2026-11-20T09:00:30Z"), [60, 5], W);
    expect(five).toMatchObject({ iso: "2026-11-20T09:00:00Z", snap: "moved 30 s later, to the first recoverable second after it" });
    expect(minute).toMatchObject({ iso: "2026-11-20T09:00:25Z", snap: null });
    expect(justBeforePoints(recoverable, at("2026-11-20T09:00:00Z"), [60], W)[0]).toMatchObject({ iso: null });
    expect(justBeforePoints([], at("2026-11-20T09:00:00Z"), undefined, W)[0]).toMatchObject({ iso: null });
  });

  it("drops the chosen instant's milliseconds: points are whole seconds", () => {
    expect(justBeforePoints(recoverable, at("2026-11-20T10:30:17.900Z"), [5], W)[0]!.iso).toBe("2026-11-20T10:30:12Z");
  });
});
