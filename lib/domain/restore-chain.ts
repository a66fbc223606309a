/**
 * What a restore from a base will lay down, in the terms the restore estimate uses: the base's
 * size, the chain's, how many incrementals, how long Trove took to write them, and how much log
 * comes after. Pure: times are ISO 8601 UTC strings, sizes GB as Trove reports them.
 */
import type { RestoreFacts } from "@/lib/api/schemas";
import { parseTroveTime } from "@/lib/recovery";

export interface SizedBackup {
  id: string;
  /** GB; null while running or when Trove did not say. */
  sizeGb: number | null;
  created: string;
  updated: string;
}

/**
 * @param chain backup ids from the full backup down to the base (BaseVerdict.chain)
 * @param baseConsistentTime the instant the base is consistent at; the log to replay runs from it to `pointInTime`
 */
export function chainFacts(
  backups: readonly SizedBackup[],
  chain: readonly string[],
  baseConsistentTime: string | null,
  pointInTime: string,
): RestoreFacts["chain"] {
  const byId = new Map(backups.map((b) => [b.id, b]));
  const members = chain.map((id) => byId.get(id));
  // The "base" a person sizes up is the full backup the chain starts from; incrementals are counted.
  const full = members[0] ?? null;
  const known = members.every((m) => m !== undefined);
  const sizes = members.map((m) => m?.sizeGb ?? null);
  const durations = members.map((m) => (m ? (parseTroveTime(m.updated) - parseTroveTime(m.created)) / 1000 : null));
  const sum = (xs: (number | null)[]) =>
    known && xs.every((x) => x !== null && x >= 0) ? (xs as number[]).reduce((a, b) => a + b, 0) : null;
  const chainSize = sum(sizes);
  const replay = baseConsistentTime === null ? 0 : Math.max(0, (parseTroveTime(pointInTime) - parseTroveTime(baseConsistentTime)) / 1000);
  return {
    baseBackupId: chain.at(-1) ?? "",
    baseSizeGb: full?.sizeGb ?? null,
    chainSizeGb: chainSize === null ? null : Math.round(chainSize * 100) / 100,
    incrementals: Math.max(0, chain.length - 1),
    backupSeconds: sum(durations),
    replaySeconds: Math.round(replay),
  };
}
