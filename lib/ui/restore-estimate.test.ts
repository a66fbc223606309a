import { englishWording } from "@/lib/i18n/translate";
import { describe, expect, it } from "vitest";
import type { RestoreFacts, SeenRestore } from "@/lib/api/schemas";
import { translator } from "@/lib/i18n/translate";
import { estimateRestore, lateAfter, punctuality } from "./restore-estimate";

const W = englishWording("estimate");

const chain = (over: Partial<RestoreFacts["chain"]> = {}): RestoreFacts["chain"] => ({
  baseBackupId: "b1",
  baseSizeGb: 3.4,
  chainSizeGb: 3.9,
  incrementals: 2,
  backupSeconds: 360,
  replaySeconds: 600,
  ...over,
});
const seen = (seconds: number, over: Partial<SeenRestore> = {}): SeenRestore => ({
  seconds,
  outcome: "ACTIVE",
  chainSizeGb: 3.9,
  incrementals: 2,
  backupSeconds: 360,
  finishedAt: "2026-11-20T10:00:00Z",
  ...over,
});
const facts = (recent: SeenRestore[], c = chain()): RestoreFacts => ({
  pointInTime: "2026-11-20T10:03:17Z",
  chain: c,
  recentRestores: recent,
});

describe("estimateRestore", () => {
  it("with no restore seen, says so instead of guessing, and states the chain", () => {
    const e = estimateRestore(facts([]), W);
    expect(e.seconds).toBeNull();
    expect(e.lateAfterSeconds).toBeNull();
    expect(e.text).toBe(
      "No estimate yet: this dashboard has not seen a restore finish in this project. 3.4 GB base + 2 incrementals; writing those backups took 6 min.",
    );
  });

  it("failed restores are no basis", () => {
    expect(estimateRestore(facts([seen(200, { outcome: "ERROR" })]), W).seconds).toBeNull();
  });

  it("the median of the restores seen, with their range and the chain as the basis", () => {
    const e = estimateRestore(facts([seen(180), seen(240), seen(360), seen(200), seen(300)]), W);
    expect(e.seconds).toBe(240);
    expect(e.text).toBe("About 4 min: 3.4 GB base + 2 incrementals; the last 5 restores here took 3–6 min.");
    expect(e.lateAfterSeconds).toBe(lateAfter(240, 360));
  });

  it("scales earlier restores to this chain's size, within bounds, and says so", () => {
    const small = estimateRestore(facts([seen(100, { chainSizeGb: 1 })], chain({ chainSizeGb: 2 })), W);
    expect(small.seconds).toBe(200);
    expect(small.text).toMatch(/scaled to this chain's size/);
    const huge = estimateRestore(facts([seen(100, { chainSizeGb: 1 })], chain({ chainSizeGb: 50 })), W);
    expect(huge.seconds).toBe(200);
    const bySize = estimateRestore(
      facts([seen(100, { chainSizeGb: 1, backupSeconds: 10 })], chain({ chainSizeGb: 1, backupSeconds: 100 })),
      W,
    );
    expect(bySize.seconds).toBe(100);
    expect(bySize.text).not.toMatch(/scaled/);
    const byBackups = estimateRestore(
      facts([seen(100, { chainSizeGb: null, backupSeconds: 200 })], chain({ chainSizeGb: null, backupSeconds: 300 })),
      W,
    );
    expect(byBackups.seconds).toBe(150);
    expect(byBackups.text).toMatch(/\(scaled by how long this chain's backups took to write\)\.$/);
    const unknown = estimateRestore(
      facts([seen(100, { chainSizeGb: null, backupSeconds: null })], chain({ baseSizeGb: null, chainSizeGb: null, incrementals: 0 })),
      W,
    );
    expect(unknown.seconds).toBe(100);
    expect(unknown.text).toBe("About 1 min 40 s: a base of unknown size + no incrementals; the one restore seen here took 1 min 40 s.");
  });

  it("counts only the 10 most recent", () => {
    const recent = [...Array.from({ length: 10 }, () => seen(60)), ...Array.from({ length: 20 }, () => seen(6000))];
    expect(estimateRestore(facts(recent), W).seconds).toBe(60);
  });
});

describe("punctuality", () => {
  it("elapsed against the estimate, late only well past it", () => {
    expect(punctuality(30, null, null, W)).toEqual({ kind: "none" });
    expect(punctuality(100, 240, 360, W)).toEqual({ kind: "on-time", text: "1 min 40 s of about 4 min" });
    expect(punctuality(300, 240, 360, W)).toEqual({ kind: "on-time", text: "5 min, past the estimate of about 4 min" });
    const late = punctuality(400, 240, 360, W);
    expect(late.kind).toBe("late");
    expect(late.kind === "late" && late.text).toMatch(/^Taking much longer than expected: 6 min 40 s so far against about 4 min/);
  });

  it("a short restore is not late for a few seconds' jitter", () => {
    expect(lateAfter(6, 8)).toBe(66);
    expect(lateAfter(600, 700)).toBe(900);
  });
});

describe("in German", () => {
  const de = { t: translator("de", "estimate"), locale: "de" };

  it("words the estimate and its basis from the German catalog, with a decimal comma", () => {
    expect(estimateRestore(facts([seen(180), seen(240), seen(360), seen(200), seen(300)]), de).text).toBe(
      "Etwa 4 min: 3,4 GB Basis + 2 inkrementelle Sicherungen; die letzten 5 Wiederherstellungen hier dauerten 3–6 min.",
    );
    expect(estimateRestore(facts([]), de).text).toMatch(/^Noch keine Schätzung: .* 3,4 GB Basis \+ 2 inkrementelle Sicherungen; /);
  });

  it("says a late restore is late", () => {
    expect(punctuality(400, 240, 360, de)).toMatchObject({
      kind: "late",
      text: expect.stringMatching(/^Dauert viel länger als erwartet: bisher 6 min 40 s/),
    });
  });
});
