/**
 * The embedded backend's state, in one SQLite file (WAL, prepared statements). Times are epoch
 * milliseconds (whole seconds); LSNs are decimal strings, with a zero-padded copy (`lsn_key`) so
 * SQLite can order them as the unsigned 64-bit integers they are.
 */
import Database from "better-sqlite3";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

export interface ProjectRow {
  id: string;
  name: string;
}

export interface UserRow {
  id: string;
  name: string;
  password_hash: string;
  salt: string;
}

export interface TokenRow {
  id: string;
  user_id: string;
  project_id: string;
  issued_ms: number;
  expires_ms: number;
  revoked: number;
}

/** What an instance is busy with while its status is BUILD. */
export type InstanceOp = "build" | "restore" | "recovery";

export interface InstanceRow {
  id: string;
  project_id: string;
  name: string;
  status: string;
  flavor_id: string;
  datastore_type: string;
  datastore_version: string;
  volume_size: number;
  volume_used: number | null;
  created_ms: number;
  updated_ms: number;
  seq: number;
  fault_message: string | null;
  fault_details: string | null;
  fault_ms: number | null;
  op: InstanceOp | null;
  op_until_ms: number | null;
  /** Set when the operation must end in ERROR (an injected restore-error fault). */
  op_fail: string | null;
  op_backup_id: string | null;
  op_point_ms: number | null;
  op_recovery_id: string | null;
  /** A restore to an LSN (exclusive: the record there is left out) instead of to op_point_ms. */
  op_point_lsn: string | null;
  log_timeline: number;
  /** End of the last archived segment of the current timeline; null while the log is stopped. */
  log_cursor_ms: number | null;
  log_cursor_lsn: string | null;
  /** Bytes of log per second this instance writes on average (the simulated workload). */
  log_rate: number;
  /** The address clients connect to (a real engine's cluster listens there), or null. */
  address: string | null;
  root_enabled: number;
  /** JSON of the PITR extension's `restored_from` once a restore or recovery ended ACTIVE. */
  restored_from: string | null;
  /** 1: the engine runs the demo workload (and schedule) in this instance. */
  workload: number;
}

/** What an instance starts with before anything was restored into it or asked of it. */
export const FRESH_INSTANCE = {
  address: null,
  root_enabled: 0,
  restored_from: null,
  workload: 0,
} as const satisfies Pick<InstanceRow, "address" | "root_enabled" | "restored_from" | "workload">;

/** The operation fields of an instance that is busy with nothing. */
export const NO_OPERATION = {
  op: null,
  op_until_ms: null,
  op_fail: null,
  op_backup_id: null,
  op_point_ms: null,
  op_recovery_id: null,
  op_point_lsn: null,
} as const satisfies Pick<
  InstanceRow,
  "op" | "op_until_ms" | "op_fail" | "op_backup_id" | "op_point_ms" | "op_recovery_id" | "op_point_lsn"
>;

export interface BackupRow {
  id: string;
  project_id: string;
  instance_id: string;
  name: string;
  description: string | null;
  parent_id: string | null;
  status: string;
  created_ms: number;
  updated_ms: number;
  size: number | null;
  location_ref: string | null;
  consistent_lsn: string | null;
  consistent_ms: number | null;
  timeline: number | null;
  building_at_ms: number | null;
  complete_at_ms: number | null;
  datastore_type: string;
  datastore_version: string;
  seq: number;
}

export interface SegmentRow {
  id: string;
  instance_id: string;
  timeline: number;
  status: string;
  start_ms: number;
  end_ms: number;
  start_lsn: string;
  end_lsn: string;
  size: number;
}

/** A commit that dropped or truncated relations, found in an instance's transaction log. */
export interface LogEventRow {
  id: string;
  instance_id: string;
  timeline: number;
  kind: "drop" | "truncate";
  time_ms: number;
  lsn: string;
  lsn_key: string;
  xid: number | null;
  /** JSON array of relation names, e.g. ["public.orders"]. */
  relations: string;
}

export interface RecoveryRow {
  id: string;
  instance_id: string;
  project_id: string;
  user_id: string;
  backup_id: string;
  point_ms: number | null;
  status: string;
  created_ms: number;
  updated_ms: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, salt TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS assignments (user_id TEXT NOT NULL, project_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_id, project_id));
CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, project_id TEXT NOT NULL, issued_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS instances (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
  flavor_id TEXT NOT NULL, datastore_type TEXT NOT NULL, datastore_version TEXT NOT NULL,
  volume_size REAL NOT NULL, volume_used REAL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, seq INTEGER NOT NULL,
  fault_message TEXT, fault_details TEXT, fault_ms INTEGER,
  op TEXT, op_until_ms INTEGER, op_fail TEXT, op_backup_id TEXT, op_point_ms INTEGER, op_recovery_id TEXT,
  log_timeline INTEGER NOT NULL DEFAULT 1, log_cursor_ms INTEGER, log_cursor_lsn TEXT, log_rate REAL NOT NULL,
  address TEXT, root_enabled INTEGER NOT NULL DEFAULT 0, restored_from TEXT, workload INTEGER NOT NULL DEFAULT 0, op_point_lsn TEXT
);
CREATE INDEX IF NOT EXISTS instances_project ON instances (project_id, created_ms DESC, seq DESC);
CREATE INDEX IF NOT EXISTS instances_all ON instances (created_ms DESC, seq DESC);
CREATE TABLE IF NOT EXISTS backups (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, instance_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
  parent_id TEXT, status TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, size REAL,
  location_ref TEXT, consistent_lsn TEXT, consistent_ms INTEGER, timeline INTEGER,
  building_at_ms INTEGER, complete_at_ms INTEGER, datastore_type TEXT NOT NULL, datastore_version TEXT NOT NULL, seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS backups_instance ON backups (instance_id, created_ms DESC, seq DESC);
CREATE INDEX IF NOT EXISTS backups_project ON backups (project_id, created_ms DESC, seq DESC);
CREATE INDEX IF NOT EXISTS backups_all ON backups (created_ms DESC, seq DESC);
CREATE INDEX IF NOT EXISTS backups_parent ON backups (parent_id);
CREATE INDEX IF NOT EXISTS backups_running ON backups (status) WHERE status IN ('NEW', 'BUILDING');
CREATE TABLE IF NOT EXISTS segments (
  id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, timeline INTEGER NOT NULL, status TEXT NOT NULL,
  start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, start_lsn TEXT NOT NULL, end_lsn TEXT NOT NULL, lsn_key TEXT NOT NULL, size REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS segments_order ON segments (instance_id, lsn_key, timeline);
CREATE INDEX IF NOT EXISTS segments_time ON segments (instance_id, timeline, start_ms);
CREATE TABLE IF NOT EXISTS recoveries (
  id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, project_id TEXT NOT NULL, user_id TEXT NOT NULL, backup_id TEXT NOT NULL,
  point_ms INTEGER, status TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS recoveries_project ON recoveries (project_id, created_ms DESC);
CREATE TABLE IF NOT EXISTS log_events (
  id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, timeline INTEGER NOT NULL, kind TEXT NOT NULL, time_ms INTEGER NOT NULL,
  lsn TEXT NOT NULL, lsn_key TEXT NOT NULL, xid INTEGER, relations TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_events_order ON log_events (instance_id, time_ms, lsn_key);
CREATE TABLE IF NOT EXISTS preview_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL, user_id TEXT NOT NULL, backup_id TEXT NOT NULL, point_ms INTEGER,
  lsn TEXT, db TEXT NOT NULL, query TEXT NOT NULL, created_ms INTEGER NOT NULL, outcome TEXT NOT NULL
);
`;

/** 20 digits hold every unsigned 64-bit integer, so the padded strings sort like the numbers. */
export function lsnKey(lsn: bigint): string {
  return lsn.toString().padStart(20, "0");
}

export type Db = Database.Database;

/** Columns added since the first schema, for a state file written by an older backend. */
const ADDED_COLUMNS: Record<string, string[]> = {
  instances: [
    "address TEXT",
    "root_enabled INTEGER NOT NULL DEFAULT 0",
    "restored_from TEXT",
    "workload INTEGER NOT NULL DEFAULT 0",
    "op_point_lsn TEXT",
  ],
};

function migrate(db: Database.Database): void {
  for (const [table, columns] of Object.entries(ADDED_COLUMNS)) {
    const have = new Set(
      db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((c) => c.name),
    );
    for (const column of columns) if (!have.has(column.split(" ")[0]!)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
  }
}

/** Opens (creating if needed) the database; `reset` deletes the file first. Returns whether it was fresh. */
export function openDb(file: string, reset: boolean): { db: Db; fresh: boolean } {
  if (file !== ":memory:") {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    if (reset) for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(SCHEMA);
  migrate(db);
  const fresh = db.prepare("SELECT value FROM meta WHERE key = 'world'").get() === undefined;
  return { db, fresh };
}

/** Every statement the backend runs, prepared once. */
export function prepare(db: Db) {
  const s = <P extends unknown[] | object = unknown[], R = unknown>(sql: string) => db.prepare<P, R>(sql);
  return {
    getMeta: s<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
    setMeta: s<[string, string]>("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),

    insertProject: s<ProjectRow>("INSERT INTO projects (id, name) VALUES (@id, @name)"),
    projectById: s<[string], ProjectRow>("SELECT * FROM projects WHERE id = ?"),
    projectByName: s<[string], ProjectRow>("SELECT * FROM projects WHERE name = ?"),
    allProjects: s<[], ProjectRow>("SELECT * FROM projects ORDER BY name"),
    insertUser: s<UserRow>("INSERT INTO users (id, name, password_hash, salt) VALUES (@id, @name, @password_hash, @salt)"),
    userByName: s<[string], UserRow>("SELECT * FROM users WHERE name = ?"),
    userById: s<[string], UserRow>("SELECT * FROM users WHERE id = ?"),
    insertAssignment: s<[string, string, string]>("INSERT INTO assignments (user_id, project_id, role) VALUES (?, ?, ?)"),
    roleOf: s<[string, string], { role: string }>("SELECT role FROM assignments WHERE user_id = ? AND project_id = ?"),

    insertToken: s<TokenRow>(
      "INSERT INTO tokens (id, user_id, project_id, issued_ms, expires_ms, revoked) VALUES (@id, @user_id, @project_id, @issued_ms, @expires_ms, @revoked)",
    ),
    tokenById: s<[string], TokenRow>("SELECT * FROM tokens WHERE id = ?"),
    revokeToken: s<[string]>("UPDATE tokens SET revoked = 1 WHERE id = ?"),
    expireToken: s<[number, string]>("UPDATE tokens SET expires_ms = ? WHERE id = ?"),
    purgeTokens: s<[number]>("DELETE FROM tokens WHERE expires_ms < ?"),

    insertInstance:
      s<InstanceRow>(`INSERT INTO instances VALUES (@id, @project_id, @name, @status, @flavor_id, @datastore_type, @datastore_version,
      @volume_size, @volume_used, @created_ms, @updated_ms, @seq, @fault_message, @fault_details, @fault_ms,
      @op, @op_until_ms, @op_fail, @op_backup_id, @op_point_ms, @op_recovery_id, @log_timeline, @log_cursor_ms, @log_cursor_lsn, @log_rate,
      @address, @root_enabled, @restored_from, @workload, @op_point_lsn)`),
    updateInstance:
      s<InstanceRow>(`UPDATE instances SET name = @name, status = @status, volume_used = @volume_used, updated_ms = @updated_ms,
      fault_message = @fault_message, fault_details = @fault_details, fault_ms = @fault_ms, op = @op, op_until_ms = @op_until_ms,
      op_fail = @op_fail, op_backup_id = @op_backup_id, op_point_ms = @op_point_ms, op_recovery_id = @op_recovery_id,
      log_timeline = @log_timeline, log_cursor_ms = @log_cursor_ms, log_cursor_lsn = @log_cursor_lsn,
      address = @address, root_enabled = @root_enabled, restored_from = @restored_from, workload = @workload, op_point_lsn = @op_point_lsn WHERE id = @id`),
    instanceById: s<[string], InstanceRow>("SELECT * FROM instances WHERE id = ?"),
    instancesOfProject: s<[string, number, number], InstanceRow>(
      "SELECT * FROM instances WHERE project_id = ? ORDER BY created_ms DESC, seq DESC LIMIT ? OFFSET ?",
    ),
    countInstancesOfProject: s<[string], { n: number }>("SELECT COUNT(*) AS n FROM instances WHERE project_id = ?"),
    instancesAll: s<[number, number], InstanceRow>("SELECT * FROM instances ORDER BY created_ms DESC, seq DESC LIMIT ? OFFSET ?"),
    countInstancesAll: s<[], { n: number }>("SELECT COUNT(*) AS n FROM instances"),
    maxInstanceSeq: s<[], { n: number | null }>("SELECT MAX(seq) AS n FROM instances"),
    instancesBuildDue: s<[number], InstanceRow>("SELECT * FROM instances WHERE status = 'BUILD' AND op_until_ms <= ? ORDER BY op_until_ms"),
    instancesBuilding: s<[], InstanceRow>("SELECT * FROM instances WHERE status = 'BUILD'"),
    instancesLogDue: s<[number], InstanceRow>("SELECT * FROM instances WHERE log_cursor_ms IS NOT NULL AND log_cursor_ms <= ?"),

    insertBackup: s<BackupRow>(`INSERT INTO backups VALUES (@id, @project_id, @instance_id, @name, @description, @parent_id, @status,
      @created_ms, @updated_ms, @size, @location_ref, @consistent_lsn, @consistent_ms, @timeline, @building_at_ms, @complete_at_ms,
      @datastore_type, @datastore_version, @seq)`),
    updateBackup:
      s<BackupRow>(`UPDATE backups SET status = @status, updated_ms = @updated_ms, size = @size, location_ref = @location_ref, parent_id = @parent_id,
      consistent_lsn = @consistent_lsn, consistent_ms = @consistent_ms, timeline = @timeline WHERE id = @id`),
    backupById: s<[string], BackupRow>("SELECT * FROM backups WHERE id = ?"),
    backupChildren: s<[string], BackupRow>("SELECT * FROM backups WHERE parent_id = ?"),
    deleteBackup: s<[string]>("DELETE FROM backups WHERE id = ?"),
    maxBackupSeq: s<[], { n: number | null }>("SELECT MAX(seq) AS n FROM backups"),
    backupsRunning: s<[], BackupRow>("SELECT * FROM backups WHERE status IN ('NEW', 'BUILDING') ORDER BY created_ms"),
    backupsRunningOf: s<[string], BackupRow>("SELECT * FROM backups WHERE instance_id = ? AND status IN ('NEW', 'BUILDING')"),
    latestCompletedBackupOf: s<[string], BackupRow>(
      "SELECT * FROM backups WHERE instance_id = ? AND status = 'COMPLETED' ORDER BY created_ms DESC, seq DESC LIMIT 1",
    ),
    allBackupsOfInstance: s<[string], BackupRow>("SELECT * FROM backups WHERE instance_id = ? ORDER BY created_ms DESC, seq DESC"),

    insertSegment: s<
      SegmentRow & { lsn_key: string }
    >(`INSERT INTO segments (id, instance_id, timeline, status, start_ms, end_ms, start_lsn, end_lsn, lsn_key, size)
      VALUES (@id, @instance_id, @timeline, @status, @start_ms, @end_ms, @start_lsn, @end_lsn, @lsn_key, @size)`),
    deleteBuildingSegments: s<[string]>("DELETE FROM segments WHERE instance_id = ? AND status = 'BUILDING'"),
    buildingSegment: s<[string], SegmentRow>("SELECT * FROM segments WHERE instance_id = ? AND status = 'BUILDING'"),
    segmentAt: s<[string, number, number, number], SegmentRow>(
      "SELECT * FROM segments WHERE instance_id = ? AND timeline = ? AND start_ms <= ? AND end_ms >= ? ORDER BY start_ms DESC LIMIT 1",
    ),
    allSegmentsOfInstance: s<[string], SegmentRow>("SELECT * FROM segments WHERE instance_id = ? ORDER BY lsn_key, timeline"),
    segmentsPage: s<[string, number, number, number, number], SegmentRow>(
      "SELECT * FROM segments WHERE instance_id = ? AND end_ms >= ? AND start_ms <= ? ORDER BY lsn_key, timeline, start_ms LIMIT ? OFFSET ?",
    ),
    countSegments: s<[string, number, number], { n: number }>(
      "SELECT COUNT(*) AS n FROM segments WHERE instance_id = ? AND end_ms >= ? AND start_ms <= ?",
    ),

    insertLogEvent:
      s<LogEventRow>(`INSERT OR IGNORE INTO log_events (id, instance_id, timeline, kind, time_ms, lsn, lsn_key, xid, relations)
      VALUES (@id, @instance_id, @timeline, @kind, @time_ms, @lsn, @lsn_key, @xid, @relations)`),
    logEventsPage: s<[string, number, number, number, number], LogEventRow>(
      "SELECT * FROM log_events WHERE instance_id = ? AND time_ms >= ? AND time_ms <= ? ORDER BY time_ms, lsn_key LIMIT ? OFFSET ?",
    ),
    countLogEvents: s<[string, number, number], { n: number }>(
      "SELECT COUNT(*) AS n FROM log_events WHERE instance_id = ? AND time_ms >= ? AND time_ms <= ?",
    ),

    insertRecovery: s<RecoveryRow>(
      `INSERT INTO recoveries VALUES (@id, @instance_id, @project_id, @user_id, @backup_id, @point_ms, @status, @created_ms, @updated_ms)`,
    ),
    finishRecovery: s<[string, number, string]>("UPDATE recoveries SET status = ?, updated_ms = ? WHERE id = ?"),
  };
}

export type Statements = ReturnType<typeof prepare>;

export interface Store {
  db: Db;
  q: Statements;
  /** A statement for SQL built at run time from a fixed set of filters, prepared on first use. */
  sql<R>(text: string): Database.Statement<unknown[], R>;
}

export function openStore(file: string, reset: boolean): Store & { fresh: boolean } {
  const { db, fresh } = openDb(file, reset);
  const cache = new Map<string, Database.Statement<unknown[], unknown>>();
  function sql<R>(text: string): Database.Statement<unknown[], R> {
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = db.prepare<unknown[], unknown>(text);
      cache.set(text, stmt);
    }
    return stmt as Database.Statement<unknown[], R>;
  }
  return { db, q: prepare(db), sql, fresh };
}
