/**
 * One engine per datastore: the real PostgreSQL engine for `postgresql` instances, the simulated
 * one for every other datastore. lifecycle.ts sees one engine and never learns which runs.
 */
import type { BackupResult, Engine, OperationResult, PreviewResult, PreviewSpec, Settled } from "./engine";
import type { BackupRow, InstanceRow } from "./store";

export class RoutingEngine implements Engine {
  readonly name: string;

  constructor(
    private readonly fallback: Engine,
    private readonly byDatastore: ReadonlyMap<string, Engine>,
  ) {
    this.name = [fallback.name, ...[...byDatastore].map(([ds, e]) => `${e.name} for ${ds}`)].join(", ");
  }

  private of(datastoreType: string): Engine {
    return this.byDatastore.get(datastoreType) ?? this.fallback;
  }

  fabricatesHistory(datastoreType: string): boolean {
    return this.of(datastoreType).fabricatesHistory(datastoreType);
  }

  resumes(datastoreType: string): boolean {
    return this.of(datastoreType).resumes(datastoreType);
  }

  beginOperation(inst: InstanceRow, now: number): number {
    return this.of(inst.datastore_type).beginOperation(inst, now);
  }

  settleOperation(inst: InstanceRow, now: number): Settled<OperationResult> | null {
    return this.of(inst.datastore_type).settleOperation(inst, now);
  }

  beginBackup(inst: InstanceRow, backup: BackupRow, now: number): { buildingAt: number; settleAt: number } {
    return this.of(inst.datastore_type).beginBackup(inst, backup, now);
  }

  settleBackup(backup: BackupRow, now: number): Settled<BackupResult> | null {
    return this.of(backup.datastore_type).settleBackup(backup, now);
  }

  removeBackups(inst: InstanceRow | undefined, backups: readonly BackupRow[]): void {
    if (backups[0]) this.of(backups[0].datastore_type).removeBackups(inst, backups);
  }

  startLog(inst: InstanceRow, at: number, timeline: number, lsn: bigint): void {
    this.of(inst.datastore_type).startLog(inst, at, timeline, lsn);
  }

  writeLog(inst: InstanceRow, now: number): void {
    this.of(inst.datastore_type).writeLog(inst, now);
  }

  stopLog(inst: InstanceRow, at: number): void {
    this.of(inst.datastore_type).stopLog(inst, at);
  }

  preview(inst: InstanceRow, spec: PreviewSpec): Promise<PreviewResult> {
    return this.of(inst.datastore_type).preview(inst, spec);
  }

  enableRoot(inst: InstanceRow): Promise<{ name: string; password: string }> {
    return this.of(inst.datastore_type).enableRoot(inst);
  }

  removeInstance(inst: InstanceRow): void {
    this.of(inst.datastore_type).removeInstance(inst);
  }

  async close(): Promise<void> {
    await Promise.all([this.fallback.close(), ...[...this.byDatastore.values()].map((e) => e.close())]);
  }
}
