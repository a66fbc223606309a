"use client";
import type { PointVerdict } from "@/lib/recovery";
import { formatIn, humanDuration } from "@/lib/ui/time";
import { Button } from "@/components/ui/button";

/** Whether the chosen point can be restored, and if not, why and where the nearest ones are. */
export function PointVerdictPanel({
  verdict,
  zone,
  onJump,
  stock,
}: {
  verdict: PointVerdict;
  zone: string;
  onJump(iso: string): void;
  stock: boolean;
}) {
  if (verdict.recoverable) {
    const base = verdict.base;
    return (
      <div
        role="status"
        className="rounded border border-emerald-400 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100"
      >
        <p className="font-semibold">✓ This point can be restored.</p>
        <p className="mt-1">
          Base: {base.kind} backup <strong>{base.name}</strong> (consistent at{" "}
          {base.consistentTime ? formatIn(base.consistentTime, zone) : "—"})
          {base.chain.length > 1 && <> — chain of {base.chain.length} backups</>}.
        </p>
        {!stock && verdict.point !== base.consistentTime && (
          <p>
            Replays the transaction log of timeline {verdict.window.timeline ?? "?"} from{" "}
            {base.consistentTime ? formatIn(base.consistentTime, zone) : "the backup"}
            {base.consistentLsn ? ` (LSN ${base.consistentLsn})` : ""} to the chosen point (
            {humanDuration((Date.parse(verdict.point) - Date.parse(base.consistentTime ?? verdict.point)) / 1000)} of log).
          </p>
        )}
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="rounded border border-red-400 bg-red-50 p-3 text-sm text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">✕ This point cannot be restored.</p>
      <p className="mt-1">{verdict.reason}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        {verdict.nearestBefore && (
          <Button variant="danger-outline" size="sm" onClick={() => onJump(verdict.nearestBefore!)}>
            ← Nearest before: {formatIn(verdict.nearestBefore, zone)}
          </Button>
        )}
        {verdict.nearestAfter && (
          <Button variant="danger-outline" size="sm" onClick={() => onJump(verdict.nearestAfter!)}>
            Nearest after: {formatIn(verdict.nearestAfter, zone)} →
          </Button>
        )}
      </div>
    </div>
  );
}
