/**
 * Names the dashboard gives what it creates, when the user gives none. Both the restore dialog and
 * the server propose them, so they are made here once. Pure: unit-tested.
 */
import { formatUtc } from "@/lib/recovery";

/** Trove keeps instance and backup names in 255 characters; the API refuses longer ones. */
export const NAME_MAX = 255;

/** "20261120-100317": a UTC instant to the second, in characters every name allows. */
export function compactUtc(ms: number): string {
  return formatUtc(ms).replace(/[-:]/g, "").replace("T", "-").replace("Z", "");
}

/** "billing-pg-at-20261120-063015": the source's name and the point restored to (ISO 8601 UTC). */
export function restoredInstanceName(sourceName: string, pointIso: string): string {
  return `${sourceName}-at-${compactUtc(Date.parse(pointIso))}`.slice(0, NAME_MAX);
}

/** "full-20261120-100317": what kind of backup, and when it was asked for. */
export function backupName(kind: "full" | "incremental", nowMs: number): string {
  return `${kind}-${compactUtc(nowMs)}`;
}
