/**
 * One status table for every Trove status: what a status
 * means for the person watching. `pending` is the only tone that keeps a watcher polling.
 */
import type { Instance, InstanceStatus, StatusTone } from "@/lib/api/schemas";
import { formatUtc } from "@/lib/recovery";

const INSTANCE_TONES: Record<string, StatusTone> = {
  ACTIVE: "ok",
  HEALTHY: "ok",
  // The PITR extension says BUILDING where stock Trove says BUILD: one state (trove-api.md).
  BUILD: "pending",
  BUILDING: "pending",
  NEW: "pending",
  BACKUP: "pending",
  REBOOT: "pending",
  RESIZE: "pending",
  PROMOTE: "pending",
  EJECT: "pending",
  UPGRADE: "pending",
  DETACH: "pending",
  // Stable until someone acts: polling it would never end.
  RESTART_REQUIRED: "neutral",
  SHUTDOWN: "neutral",
  BLOCKED: "error",
  FAILED: "error",
  ERROR: "error",
};

const BACKUP_TONES: Record<string, StatusTone> = {
  NEW: "pending",
  BUILDING: "pending",
  SAVING: "pending",
  COMPLETED: "ok",
  FAILED: "error",
  DELETE_FAILED: "error",
  RESTORED: "neutral",
};

/** Tone of a Trove instance status; unknown statuses are neutral so they never poll forever. */
export function instanceTone(status: string): StatusTone {
  return INSTANCE_TONES[status.toUpperCase()] ?? "neutral";
}

/** Tone of a Trove backup status (also used for transaction-log segments). */
export function backupTone(status: string): StatusTone {
  return BACKUP_TONES[status.toUpperCase()] ?? "neutral";
}

/** A watched instance has settled: nothing more will change without someone acting. */
export function isSettled(status: string): boolean {
  return instanceTone(status) !== "pending";
}

/** What a watcher of `instance` is told: its status, tone and fault, and whether to stop watching. */
export function toStatus(instance: Instance, nowMs: number): InstanceStatus {
  return {
    id: instance.id,
    name: instance.name,
    status: instance.status,
    tone: instance.tone,
    done: isSettled(instance.status),
    fault: instance.fault,
    updated: instance.updated,
    observedAt: formatUtc(nowMs),
  };
}
