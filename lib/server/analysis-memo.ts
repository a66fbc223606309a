/**
 * One analysis per instance while its inputs stay the same, for the admin overview: a log view
 * reused from the upstream cache is the same array, and the backups are compared by what can
 * change. Weakly held: a replaced view frees it. One per process (lib/server/state.ts).
 */
import "server-only";
import { analyzeRecoverability, type BackupRecord, type Capability, type LogSegment, type Recoverability } from "@/lib/recovery";

export class AnalysisMemo {
  private readonly analyses = new WeakMap<readonly LogSegment[], { capability: Capability; backups: string; analysis: Recoverability }>();

  analysisOf(capability: Capability, backups: readonly BackupRecord[], segments: readonly LogSegment[]): Recoverability {
    const fingerprint = backups.map((b) => `${b.id}/${b.status}/${b.updated}/${b.consistentLsn ?? ""}`).join(",");
    const hit = this.analyses.get(segments);
    if (hit && hit.capability === capability && hit.backups === fingerprint) return hit.analysis;
    const analysis = analyzeRecoverability({ capability, backups, segments });
    this.analyses.set(segments, { capability, backups: fingerprint, analysis });
    return analysis;
  }
}
