import { canonicalLsn } from "./lsn";
import { formatUtc, parseTroveTimeOrNaN } from "./time";
import type { BackupRecord, BaseUnusableCode, BaseVerdict, Capability } from "./types";

/** A judged base plus the parsed values the window computation needs. */
export interface JudgedBase {
  verdict: BaseVerdict;
  /** Consistent instant in epoch ms, NaN when unknown. */
  consistentMs: number;
  /** Set when the base itself is COMPLETED and consistent but an ancestor breaks its chain. */
  brokenChain: boolean;
}

interface ChainInfo {
  chain: string[];
  /** The nearest problem among the ancestors, if any. */
  problem: AncestorProblem | null;
}

interface AncestorProblem {
  code: BaseUnusableCode;
  /** "backup 'inc-3' is FAILED"; prefixed with "parent" or "ancestor" when reported. */
  what: string;
  /** The problem is the direct parent itself, not further up. */
  direct: boolean;
}

function describe(p: AncestorProblem): string {
  return p.code === "chain-cycle" ? p.what : `${p.direct ? "parent" : "ancestor"} ${p.what}`;
}

const COMPLETED = "COMPLETED";

function label(b: BackupRecord): string {
  return b.name ? `'${b.name}'` : b.id;
}

function recordKey(b: BackupRecord): string {
  return JSON.stringify([
    b.id,
    b.name,
    b.status,
    b.parentId,
    b.created,
    b.updated,
    b.consistentLsn ?? null,
    b.consistentTime ?? null,
    b.timeline ?? null,
  ]);
}

/**
 * One record per id. A backup listed twice (pages shift while a backup is created) keeps the
 * copy updated last; equal `updated` falls back to comparing the records, so input order never
 * decides.
 */
export function dedupeBackups(backups: readonly BackupRecord[]): Map<string, BackupRecord> {
  const byId = new Map<string, BackupRecord>();
  for (const b of backups) {
    const seen = byId.get(b.id);
    if (!seen) {
      byId.set(b.id, b);
      continue;
    }
    const a = parseTroveTimeOrNaN(seen.updated);
    const c = parseTroveTimeOrNaN(b.updated);
    const newer = Number.isNaN(a)
      ? !Number.isNaN(c) || recordKey(b) > recordKey(seen)
      : c > a || (c === a && recordKey(b) > recordKey(seen));
    if (newer) byId.set(b.id, b);
  }
  return byId;
}

const FULL = -1;
const MISSING = -2;

/**
 * Resolves every backup's ancestry once (memoised on indexes, iterative so a 10k-deep chain
 * cannot blow the stack). The problem reported is the nearest broken ancestor: that is the one
 * to fix. `records` is sorted by id, so the walk order, and thus the output, is fixed.
 */
function resolveChains(records: readonly BackupRecord[]): ChainInfo[] {
  const n = records.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(records[i]!.id, i);
  const parentOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = records[i]!.parentId;
    parentOf[i] = p === null ? FULL : (indexOf.get(p) ?? MISSING);
  }
  const info: (ChainInfo | undefined)[] = new Array<ChainInfo | undefined>(n);
  const onStackAt = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    if (info[start]) continue;
    stack.length = 0;
    let cur = start;
    let cycleAt = -1;
    for (;;) {
      onStackAt[cur] = stack.length;
      stack.push(cur);
      const p = parentOf[cur]!;
      if (p < 0 || info[p]) break;
      if (onStackAt[p]! >= 0) {
        cycleAt = onStackAt[p]!;
        break;
      }
      cur = p;
    }
    let top = stack.length;
    if (cycleAt >= 0) {
      const k = top - cycleAt;
      for (let i = 0; i < k; i++) {
        const self = records[stack[cycleAt + i]!]!;
        const parent = records[stack[cycleAt + ((i + 1) % k)]!]!;
        const chain: string[] = [];
        for (let j = k - 1; j >= 0; j--) chain.push(records[stack[cycleAt + ((i + j) % k)]!]!.id);
        info[stack[cycleAt + i]!] = {
          chain,
          problem:
            parent.status !== COMPLETED
              ? { code: "unusable-ancestor", what: `backup ${label(parent)} is ${parent.status}`, direct: true }
              : {
                  code: "chain-cycle",
                  what: `its parent chain loops back to backup ${label(self)} and never reaches a full backup`,
                  direct: true,
                },
        };
      }
      top = cycleAt;
    }
    for (let i = top - 1; i >= 0; i--) {
      const self = stack[i]!;
      info[self] = chainFromParent(records[self]!, parentOf[self]!, records, info);
    }
    for (const i of stack) onStackAt[i] = -1;
  }
  return info as ChainInfo[];
}

function chainFromParent(
  self: BackupRecord,
  p: number,
  records: readonly BackupRecord[],
  info: readonly (ChainInfo | undefined)[],
): ChainInfo {
  if (p === FULL) return { chain: [self.id], problem: null };
  if (p === MISSING) {
    return { chain: [self.id], problem: { code: "missing-ancestor", what: `backup ${self.parentId} no longer exists`, direct: true } };
  }
  const parent = records[p]!;
  const above = info[p]!;
  const chain = above.chain.slice();
  chain.push(self.id);
  if (parent.status !== COMPLETED) {
    return { chain, problem: { code: "unusable-ancestor", what: `backup ${label(parent)} is ${parent.status}`, direct: true } };
  }
  return { chain, problem: above.problem && (above.problem.direct ? { ...above.problem, direct: false } : above.problem) };
}

/**
 * Judges every backup as a base for a restore (trove-api.md, "Stock Trove v1.0" and
 * "Recoverable windows"). Only COMPLETED backups whose whole parent chain exists and is
 * COMPLETED are restorable; with PITR a base also needs its consistent LSN, time and timeline.
 * On stock Trove a base is consistent at its `updated` time. Output is sorted by id.
 */
export function judgeBases(capability: Capability, backups: readonly BackupRecord[]): JudgedBase[] {
  const byId = dedupeBackups(backups);
  const records = [...byId.keys()].sort().map((id) => byId.get(id)!);
  const chains = resolveChains(records);
  const out: JudgedBase[] = [];
  for (let r = 0; r < records.length; r++) {
    const b = records[r]!;
    const info = chains[r]!;
    const updatedMs = parseTroveTimeOrNaN(b.updated);
    let consistentMs = NaN;
    let consistentLsn: string | null = null;
    let timeline: number | null = null;
    let consistencyProblem: string | null = null;
    if (capability === "stock") {
      consistentMs = updatedMs;
      if (Number.isNaN(updatedMs)) consistencyProblem = `its update time ${JSON.stringify(b.updated)} is not a valid timestamp`;
    } else {
      consistentMs = b.consistentTime == null ? NaN : parseTroveTimeOrNaN(b.consistentTime);
      consistentLsn = b.consistentLsn == null ? null : canonicalLsn(b.consistentLsn);
      timeline = b.timeline != null && Number.isSafeInteger(b.timeline) ? b.timeline : null;
      if (Number.isNaN(consistentMs) || consistentLsn === null || timeline === null) {
        const missing = [
          Number.isNaN(consistentMs) ? "consistent time" : null,
          consistentLsn === null ? "consistent LSN" : null,
          timeline === null ? "timeline" : null,
        ].filter((x): x is string => x !== null);
        consistencyProblem = `the backend reported no valid ${missing.join(", ")} for it`;
      }
    }
    const verdict: BaseVerdict = {
      backupId: b.id,
      name: b.name,
      kind: b.parentId === null ? "full" : "incremental",
      status: b.status,
      restorable: false,
      chain: info.chain,
      parentId: b.parentId,
      consistentTime: Number.isNaN(consistentMs) ? null : formatUtc(consistentMs),
      consistentLsn,
      timeline,
      created: b.created,
      updated: b.updated,
    };
    let brokenChain = false;
    if (b.status !== COMPLETED) {
      verdict.reasonCode = "not-completed";
      verdict.reason = `backup ${label(b)} is ${b.status}; only COMPLETED backups can be restored`;
    } else if (info.problem) {
      verdict.reasonCode = info.problem.code;
      verdict.reason = describe(info.problem);
      brokenChain = consistencyProblem === null;
    } else if (consistencyProblem !== null) {
      verdict.reasonCode = "no-consistent-point";
      verdict.reason = consistencyProblem;
    } else {
      verdict.restorable = true;
    }
    out.push({ verdict, consistentMs, brokenChain });
  }
  return out;
}
