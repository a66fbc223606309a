import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeArchive, analyzeRecoverability } from "./analyze";
import { explainPoint } from "./explain";
import { formatUtc, parseTroveTime } from "./time";
import type { BackupRecord, LogSegment, RecoveryInput } from "./types";

/*
 * Random archives with every irregularity the contract names (missing, FAILED and BUILDING
 * segments, LSN jumps and overlaps where times touch, duplicates, zero-length segments, two
 * timelines, LSNs beyond 2^53) and random backups (broken parents, cycles, FAILED), checked
 * against a naive oracle written straight from trove-api.md with BigInt and plain loops.
 */

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const iso = (ms: number) => formatUtc(ms);

type Step = { kind: "ok" | "missing" | "failed" | "building" | "jump" | "overlap" | "dup" | "zero"; len: number; secs: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step["kind"]>("ok", "ok", "ok", "ok", "ok", "missing", "failed", "building", "jump", "overlap", "dup", "zero"),
  len: fc.integer({ min: 1, max: 30 }),
  secs: fc.integer({ min: 0, max: 240 }),
});

function buildSegments(timeline: number, steps: Step[], lsnOffset: bigint, startSec: number): LogSegment[] {
  const out: LogSegment[] = [];
  let lsn = 0n;
  let t = startSec;
  steps.forEach((s, k) => {
    const add = (status: string, from: bigint, to: bigint, a: number, b: number) =>
      out.push({
        id: `t${timeline}-${k}`,
        timeline,
        status,
        start: iso(T0 + a * 1000),
        end: iso(T0 + b * 1000),
        startLsn: String(from + lsnOffset),
        endLsn: String(to + lsnOffset),
      });
    const len = BigInt(s.len);
    switch (s.kind) {
      case "ok":
      case "failed":
      case "building":
        add(s.kind === "ok" ? "COMPLETED" : s.kind.toUpperCase(), lsn, lsn + len, t, t + s.secs);
        lsn += len;
        t += s.secs;
        break;
      case "missing":
        lsn += len;
        t += s.secs;
        break;
      case "jump":
        lsn += len;
        break;
      case "overlap":
        lsn = lsn > len ? lsn - len : 0n;
        break;
      case "zero":
        add("COMPLETED", lsn, lsn, t, t);
        break;
      case "dup": {
        const last = out[out.length - 1];
        if (last) out.push({ ...last });
        break;
      }
    }
  });
  return out;
}

interface BackupSpec {
  parent: number | null | "missing";
  status: string;
  timeline: number;
  /** Pick a segment of that timeline (index modulo count) and a fraction inside it, or a raw spot. */
  segment: number;
  fraction: number;
  raw: boolean;
}

const backupArb: fc.Arbitrary<BackupSpec> = fc.record({
  parent: fc.oneof(fc.constant(null), fc.constant("missing" as const), fc.integer({ min: 0, max: 6 })),
  status: fc.constantFrom("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "BUILDING"),
  timeline: fc.constantFrom(1, 2),
  segment: fc.nat(),
  fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  raw: fc.boolean(),
});

function buildBackups(specs: BackupSpec[], segments: LogSegment[], lsnOffset: bigint): BackupRecord[] {
  return specs.map((s, i) => {
    const own = segments.filter((g) => g.timeline === s.timeline);
    let lsn: bigint;
    let ms: number;
    const g = own[s.segment % Math.max(1, own.length)];
    if (g && !s.raw) {
      const a = BigInt(g.startLsn);
      const b = BigInt(g.endLsn);
      lsn = a + BigInt(Math.floor(Number(b - a) * s.fraction));
      const ta = parseTroveTime(g.start);
      const tb = parseTroveTime(g.end);
      ms = ta + Math.floor(((tb - ta) / 1000) * s.fraction) * 1000;
    } else {
      lsn = lsnOffset + BigInt(s.segment % 400);
      ms = T0 + (s.segment % 4000) * 1000;
    }
    const parentId = s.parent === null ? null : s.parent === "missing" ? "gone" : `b${s.parent % specs.length}`;
    return {
      id: `b${i}`,
      name: `backup-${i}`,
      status: s.status,
      parentId,
      created: iso(ms - 10_000),
      updated: iso(ms),
      consistentLsn: String(lsn),
      consistentTime: iso(ms),
      timeline: s.timeline,
    };
  });
}

const inputArb: fc.Arbitrary<RecoveryInput> = fc
  .record({
    t1: fc.array(stepArb, { maxLength: 14 }),
    t2: fc.array(stepArb, { maxLength: 6 }),
    t2Start: fc.integer({ min: 0, max: 1800 }),
    big: fc.boolean(),
    backups: fc.array(backupArb, { maxLength: 7 }),
  })
  .map(({ t1, t2, t2Start, big, backups }) => {
    const offset = big ? 1n << 62n : 0n;
    const segments = [...buildSegments(1, t1, offset, 0), ...buildSegments(2, t2, offset, t2Start)];
    return { capability: "pitr" as const, segments, backups: buildBackups(backups, segments, offset) };
  });

// ---- the oracle ----

function oracleRestorable(b: BackupRecord, byId: Map<string, BackupRecord>): boolean {
  const seen = new Set<string>();
  let cur: BackupRecord | undefined = b;
  while (cur) {
    if (cur.status !== "COMPLETED" || seen.has(cur.id)) return false;
    seen.add(cur.id);
    if (cur.parentId === null) return b.consistentLsn != null && b.consistentTime != null && b.timeline != null;
    cur = byId.get(cur.parentId);
  }
  return false;
}

/** Latest end (then highest end LSN) over every COMPLETED segment reachable from a holder of `lsn`. */
function oracleReach(segments: readonly LogSegment[], timeline: number, lsn: bigint): { ms: number; lsn: bigint } | null {
  const done = segments.filter((s) => s.timeline === timeline && s.status === "COMPLETED");
  const queue = done.filter((s) => BigInt(s.startLsn) <= lsn && lsn <= BigInt(s.endLsn));
  const seen = new Set(queue);
  let best: { ms: number; lsn: bigint } | null = null;
  while (queue.length > 0) {
    const s = queue.pop()!;
    const ms = parseTroveTime(s.end);
    const end = BigInt(s.endLsn);
    if (!best || ms > best.ms || (ms === best.ms && end > best.lsn)) best = { ms, lsn: end };
    for (const n of done) {
      if (!seen.has(n) && BigInt(n.startLsn) === end) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return best;
}

interface OracleWindow {
  baseId: string;
  startMs: number;
  endMs: number;
  lsn: bigint;
  endLsn: bigint | null;
}

function oracleWindows(input: RecoveryInput): OracleWindow[] {
  const byId = new Map(input.backups.map((b) => [b.id, b]));
  const out: OracleWindow[] = [];
  for (const b of byId.values()) {
    if (!oracleRestorable(b, byId)) continue;
    const at = parseTroveTime(b.consistentTime!);
    const lsn = BigInt(b.consistentLsn!);
    const r = oracleReach(input.segments, b.timeline!, lsn);
    out.push({ baseId: b.id, startMs: at, endMs: r ? Math.max(at, r.ms) : at, lsn, endLsn: r ? r.lsn : null });
  }
  return out;
}

/** Points worth asking about: every window and gap bound, a second either side, and a grid. */
function probePoints(input: RecoveryInput, extra: number[]): number[] {
  const ms = new Set<number>(extra);
  for (const s of input.segments)
    for (const t of [parseTroveTime(s.start), parseTroveTime(s.end)]) for (const d of [-1000, 0, 1000]) ms.add(t + d);
  for (const b of input.backups) if (b.consistentTime) for (const d of [-1000, 0, 1000]) ms.add(parseTroveTime(b.consistentTime) + d);
  for (let t = T0 - 60_000; t < T0 + 4_200_000; t += 97_000) ms.add(t);
  return [...ms].sort((a, b) => a - b);
}

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const RUNS = { numRuns: Number(process.env.RECOVERY_PROPERTY_RUNS ?? 300) };

// RECOVERY_PROPERTY_RUNS=20000 searches much deeper; allow the time that takes.
describe("recovery core properties", { timeout: 600_000 }, () => {
  it("windows are exactly the naive oracle's: base chain COMPLETED, contiguous COMPLETED logs", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = analyzeRecoverability(input);
        const expected = oracleWindows(input)
          .map((w) => [w.baseId, iso(w.startMs), iso(w.endMs), w.endLsn === null ? null : String(w.endLsn)])
          .sort();
        const actual = a.windows.map((w) => [w.baseId, w.start, w.end, w.endLsn]).sort();
        expect(actual).toEqual(expected);
      }),
      RUNS,
    );
  });

  it("a point is recoverable iff some oracle window holds it, from the latest such base", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { analysis: a, archive } = analyzeArchive(input);
        const windows = oracleWindows(input);
        const byId = new Map(input.backups.map((b) => [b.id, b]));
        for (const p of probePoints(input, [])) {
          const holding = windows.filter((w) => w.startMs <= p && p <= w.endMs);
          const v = explainPoint(a, iso(p), archive);
          expect(v.recoverable).toBe(holding.length > 0);
          if (!v.recoverable) continue;
          const latest = holding.reduce((x, y) =>
            y.startMs > x.startMs || (y.startMs === x.startMs && (y.lsn > x.lsn || (y.lsn === x.lsn && y.baseId > x.baseId))) ? y : x,
          );
          expect(v.base.backupId).toBe(latest.baseId);
          // Its chain exists and is COMPLETED, and the logs reach the point.
          for (const id of v.base.chain) expect(byId.get(id)?.status).toBe("COMPLETED");
          expect(byId.get(v.base.chain[0]!)?.parentId).toBeNull();
          if (p > latest.startMs) {
            expect(v.replay).not.toBeNull();
            expect(BigInt(v.replay!.toLsn)).toBeGreaterThanOrEqual(latest.lsn);
            expect(v.replay!.segmentCount).toBeGreaterThanOrEqual(1);
          } else {
            expect(v.replay).toBeNull();
          }
        }
      }),
      { numRuns: Math.ceil(RUNS.numRuns / 2) },
    );
  });

  it("no second inside a gap is recoverable", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = analyzeRecoverability(input);
        for (const g of a.gaps) {
          const s = parseTroveTime(g.start);
          const e = parseTroveTime(g.end);
          expect(g.durationSeconds).toBe((e - s) / 1000);
          for (let p = s + 1000; p < e; p += Math.max(1000, Math.floor((e - s) / 50 / 1000) * 1000)) {
            const v = explainPoint(a, iso(p));
            expect(v.recoverable).toBe(false);
            if (!v.recoverable) expect(["in-gap", "no-restorable-base"]).toContain(v.code);
          }
        }
      }),
      RUNS,
    );
  });

  it("the union is sorted, never overlaps and never leaves two windows a second apart", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const u = analyzeRecoverability(input).recoverable.map((i) => [parseTroveTime(i.start), parseTroveTime(i.end)] as const);
        for (const [s, e] of u) expect(s).toBeLessThanOrEqual(e);
        for (let i = 1; i < u.length; i++) expect(u[i]![0]).toBeGreaterThan(u[i - 1]![1] + 1000);
      }),
      RUNS,
    );
  });

  it("input order and duplicated records never change the answer", () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), fc.integer(), (input, seed, dupSeed) => {
        const base = analyzeRecoverability(input);
        const dupS = shuffle(input.segments, dupSeed).slice(0, 3);
        const dupB = shuffle(input.backups, dupSeed).slice(0, 2);
        const mixed: RecoveryInput = {
          capability: "pitr",
          segments: shuffle([...input.segments, ...dupS], seed),
          backups: shuffle([...input.backups, ...dupB.map((b) => ({ ...b }))], seed + 1),
        };
        expect(analyzeRecoverability(mixed)).toEqual(base);
      }),
      RUNS,
    );
  });

  it("on stock Trove the recoverable set is exactly the restorable backups' `updated` instants", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = analyzeRecoverability({ ...input, capability: "stock" });
        const byId = new Map(input.backups.map((b) => [b.id, b]));
        const expected = [...byId.values()]
          .filter((b) => {
            const seen = new Set<string>();
            let cur: BackupRecord | undefined = b;
            while (cur && cur.status === "COMPLETED" && !seen.has(cur.id)) {
              seen.add(cur.id);
              if (cur.parentId === null) return true;
              cur = byId.get(cur.parentId);
            }
            return false;
          })
          .map((b) => [b.id, iso(parseTroveTime(b.updated))])
          .sort();
        expect(a.windows.map((w) => [w.baseId, w.start]).sort()).toEqual(expected);
        for (const w of a.windows) expect(w.end).toBe(w.start);
        expect(a.gaps).toEqual([]);
      }),
      RUNS,
    );
  });
});
