import { analyzeArchive } from "@/lib/recovery";
import type { BackupRecord, LogSegment, RecoveryArchive, RecoveryInput } from "@/lib/recovery";

const SEGMENT_SECONDS = 60;
const LSN_BASE = 4_000_000_000_000_000n; // above 2^53, so the LSN path that matters is measured
const LSN_STEP = 16_777_216n;
const T0 = Date.UTC(2026, 0, 1);

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/**
 * A synthetic instance: one segment a minute on timeline 1, with a failed and a missing segment
 * every 10k, the last one still being written; backups spread evenly, a full one then six
 * incrementals, some failed. Segments come sorted by start LSN, as the API lists them.
 */
function makeInput(backupCount: number, segmentCount: number): RecoveryInput {
  const segments: LogSegment[] = [];
  for (let i = 0; i < segmentCount; i++) {
    if (i % 10_000 === 5_000) continue;
    const start = BigInt(i) * LSN_STEP + LSN_BASE;
    segments.push({
      id: `seg-${i}`,
      timeline: 1,
      status: i === segmentCount - 1 ? "BUILDING" : i % 10_000 === 7_000 ? "FAILED" : "COMPLETED",
      start: iso(T0 + i * SEGMENT_SECONDS * 1000),
      end: iso(T0 + (i + 1) * SEGMENT_SECONDS * 1000),
      startLsn: String(start),
      endLsn: String(start + LSN_STEP),
    });
  }
  const backups: BackupRecord[] = [];
  const every = Math.max(1, Math.floor(segmentCount / backupCount));
  for (let b = 0; b < backupCount; b++) {
    const seg = Math.min(segmentCount - 1, b * every);
    const at = T0 + seg * SEGMENT_SECONDS * 1000 + 30_000;
    const full = b % 7 === 0;
    backups.push({
      id: `backup-${b}`,
      name: full ? `full-${b}` : `inc-${b}`,
      status: b % 97 === 3 ? "FAILED" : "COMPLETED",
      parentId: full ? null : `backup-${b - 1}`,
      created: iso(at - 20_000),
      updated: iso(at),
      consistentLsn: String(BigInt(seg) * LSN_STEP + LSN_BASE + LSN_STEP / 2n),
      consistentTime: iso(at),
      timeline: 1,
    });
  }
  // Through JSON, like an answer from the backend: flat strings, not the concatenations built here.
  return JSON.parse(JSON.stringify({ capability: "pitr", backups: backups.reverse(), segments })) as RecoveryInput;
}

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median of `runs` timed calls after warming up for at least `warmMs` (small inputs need many calls
 * to be optimised). Each call takes over the previous call's archive, as a caller analysing
 * archive after archive would; `fresh`: none is handed on, so every call allocates its index.
 */
function time(input: RecoveryInput, runs: number, warmMs: number, fresh = false): number {
  let held: RecoveryArchive | undefined;
  const analyze = () => {
    const { archive } = analyzeArchive(input, fresh ? undefined : held);
    held = archive;
  };
  const warmUntil = performance.now() + warmMs;
  let calls = 0;
  while (calls < 2 || (performance.now() < warmUntil && calls < 200)) {
    analyze();
    calls++;
  }
  const took: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    analyze();
    took.push(performance.now() - t);
  }
  return median(took);
}

/** analyzeArchive over a grid of archive sizes; median of a few runs after a warm-up. */
export async function benchRecovery(opts: { smoke: boolean }): Promise<void> {
  const grid: [number, number][] = opts.smoke
    ? [
        [100, 1_000],
        [1_000, 10_000],
      ]
    : [
        [1_000, 10_000],
        [1_000, 100_000],
        [10_000, 100_000],
        [1_000, 1_000_000],
        [10_000, 1_000_000],
        [100_000, 1_000_000],
      ];
  const runs = opts.smoke ? 3 : 5;
  const warmMs = opts.smoke ? 100 : 500;
  const rows: Record<string, string | number>[] = [];
  for (const [b, s] of grid) {
    const input = makeInput(b, s);
    const ms = time(input, runs, warmMs);
    rows.push({ backups: b, segments: s, order: "by LSN", ms: +ms.toFixed(1), "ms per 100k segments": +(ms / (s / 100_000)).toFixed(1) });
    if (b === 10_000 && s === 1_000_000) {
      // What a caller that does not hand its archive on pays: a large index allocated per call.
      const msFresh = time(input, runs, warmMs, true);
      rows.push({
        backups: b,
        segments: s,
        order: "by LSN, fresh memory",
        ms: +msFresh.toFixed(1),
        "ms per 100k segments": +(msFresh / (s / 100_000)).toFixed(1),
      });
    }
    if (s === grid[grid.length - 1]![1] || opts.smoke) {
      // Through JSON again: a shuffled answer from the backend is laid out in memory as it arrives.
      const mixed = JSON.parse(
        JSON.stringify({ ...input, segments: shuffled(input.segments), backups: shuffled(input.backups) }),
      ) as RecoveryInput;
      const msMixed = time(mixed, runs, warmMs);
      rows.push({
        backups: b,
        segments: s,
        order: "shuffled",
        ms: +msMixed.toFixed(1),
        "ms per 100k segments": +(msMixed / (s / 100_000)).toFixed(1),
      });
    }
    await new Promise((r) => setImmediate(r));
  }
  console.log("recovery core: analyzeArchive (each call taking over the previous archive)");
  console.table(rows);
}
