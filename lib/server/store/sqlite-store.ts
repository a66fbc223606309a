/**
 * The default store: one SQLite file in the dashboard's data directory, so a single dashboard keeps
 * its idempotency records and audit trail across restarts with nothing to run beside it. Claims and
 * compare-and-set are single SQL statements, atomic even between processes sharing the file; but
 * pub/sub reaches only this process's subscribers, so it serves one dashboard process, not a fleet.
 */
import "server-only";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { StoreUnavailableError, type LogEntry, type SharedStore } from "./store";

/** Expired rows are swept every this many writes (reads already ignore them). */
const SWEEP_EVERY = 500;

export class SqliteStore implements SharedStore {
  private readonly db: Database.Database;
  private readonly channels = new Map<string, Set<(message: string) => void>>();
  private writes = 0;
  private readonly statements;

  /** `file` ":memory:" keeps everything in memory (unit tests). */
  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY AUTOINCREMENT, log TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS log_by_name ON log (log, id);
    `);
    this.statements = {
      get: this.db.prepare<[string, number], { value: string }>("SELECT value FROM kv WHERE key = ? AND expires_at > ?"),
      set: this.db.prepare(
        "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
      ),
      setIfAbsent: this.db.prepare(
        "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at WHERE kv.expires_at <= ?",
      ),
      compareAndSet: this.db.prepare("UPDATE kv SET value = ?, expires_at = ? WHERE key = ? AND value = ? AND expires_at > ?"),
      deleteIfEquals: this.db.prepare("DELETE FROM kv WHERE key = ? AND value = ? AND expires_at > ?"),
      delete: this.db.prepare("DELETE FROM kv WHERE key = ?"),
      sweep: this.db.prepare("DELETE FROM kv WHERE expires_at <= ?"),
      append: this.db.prepare<[string, number, string], { id: number }>("INSERT INTO log (log, at, data) VALUES (?, ?, ?) RETURNING id"),
      trim: this.db.prepare("DELETE FROM log WHERE log = ? AND id <= (SELECT id FROM log WHERE log = ? ORDER BY id DESC LIMIT 1 OFFSET ?)"),
      read: this.db.prepare<[string, number], { id: number; at: number; data: string }>(
        "SELECT id, at, data FROM log WHERE log = ? ORDER BY id DESC LIMIT ?",
      ),
    };
    this.statements.sweep.run(this.now());
  }

  private run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      console.error(`[store] sqlite: ${(error as Error).message}`);
      return Promise.reject(new StoreUnavailableError());
    }
  }

  private wrote(): void {
    if (++this.writes % SWEEP_EVERY === 0) this.statements.sweep.run(this.now());
  }

  get(key: string): Promise<string | null> {
    return this.run(() => this.statements.get.get(key, this.now())?.value ?? null);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.run(() => {
      this.statements.set.run(key, value, this.now() + ttlMs);
      this.wrote();
    });
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.run(() => {
      const now = this.now();
      this.wrote();
      return this.statements.setIfAbsent.run(key, value, now + ttlMs, now).changes === 1;
    });
  }

  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return this.run(() => {
      const now = this.now();
      return this.statements.compareAndSet.run(value, now + ttlMs, key, expected, now).changes === 1;
    });
  }

  deleteIfEquals(key: string, expected: string): Promise<boolean> {
    return this.run(() => this.statements.deleteIfEquals.run(key, expected, this.now()).changes === 1);
  }

  delete(key: string): Promise<void> {
    return this.run(() => void this.statements.delete.run(key));
  }

  publish(channel: string, message: string): Promise<void> {
    const listeners = this.channels.get(channel);
    // Delivered later, as from a remote store: a publisher never runs its subscribers inline.
    if (listeners) for (const listener of [...listeners]) setImmediate(() => listener(message));
    return Promise.resolve();
  }

  subscribe(channel: string, listener: (message: string) => void): Promise<() => void> {
    let listeners = this.channels.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.channels.set(channel, listeners);
    }
    listeners.add(listener);
    const own = listeners;
    return Promise.resolve(() => {
      own.delete(listener);
      if (own.size === 0 && this.channels.get(channel) === own) this.channels.delete(channel);
    });
  }

  append(log: string, data: string, maxEntries: number): Promise<LogEntry> {
    return this.run(
      this.db.transaction(() => {
        const at = this.now();
        const row = this.statements.append.get(log, at, data) as { id: number };
        this.statements.trim.run(log, log, maxEntries);
        return { id: String(row.id), atMs: at, data };
      }),
    );
  }

  readLog(log: string, limit: number): Promise<LogEntry[]> {
    return this.run(() => this.statements.read.all(log, limit).map((r) => ({ id: String(r.id), atMs: r.at, data: r.data })));
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
