/**
 * One instance's PostgreSQL cluster and its pgBackRest repository, under `<root>/<instance id>/`:
 * data/ (PGDATA), repo/ (backups and the WAL archive), sock/ (the Unix socket; every cluster
 * listens on port 5432 of its own loopback address), log/, and pgbackrest.conf.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CommandError, ownedDir, ownFile, pgBin, run } from "./run";
import { parseSegmentName, type SegmentName } from "./wal";

export const PORT = 5432;

export interface ClusterSettings {
  /** Seconds after which a WAL segment with any change is archived even if not full. */
  archiveTimeoutSeconds: number;
}

export class Cluster {
  readonly dir: string;
  readonly data: string;
  readonly repo: string;
  readonly sock: string;
  readonly conf: string;
  readonly stanza: string;

  constructor(
    root: string,
    readonly instanceId: string,
    readonly version: string,
  ) {
    this.dir = path.join(root, instanceId);
    this.data = path.join(this.dir, "data");
    this.repo = path.join(this.dir, "repo");
    this.sock = path.join(this.dir, "sock");
    this.conf = path.join(this.dir, "pgbackrest.conf");
    this.stanza = "db";
  }

  get log(): string {
    return path.join(this.dir, "log", "postgresql.log");
  }

  private bin(program: string): string {
    return pgBin(this.version, program);
  }

  /** Directories and the pgBackRest configuration; the repository is kept if it exists. */
  prepare(): void {
    ownedDir(this.dir);
    for (const d of [this.repo, this.sock, path.join(this.dir, "log"), path.join(this.dir, "lock"), path.join(this.dir, "spool")])
      ownedDir(d);
    const conf = [
      "[global]",
      `repo1-path=${this.repo}`,
      `log-path=${path.join(this.dir, "log")}`,
      `lock-path=${path.join(this.dir, "lock")}`,
      `spool-path=${path.join(this.dir, "spool")}`,
      "compress-type=lz4",
      "process-max=2",
      "start-fast=y",
      "log-level-console=warn",
      "log-level-file=off",
      // Backups leave only when the API deletes them (expire --set); this silences the retention warning.
      "repo1-retention-full-type=count",
      "repo1-retention-full=9999999",
      "",
      `[${this.stanza}]`,
      `pg1-path=${this.data}`,
      `pg1-socket-path=${this.sock}`,
      `pg1-port=${PORT}`,
      "",
    ].join("\n");
    writeFileSync(this.conf, conf);
    ownFile(this.conf);
  }

  /** The settings that make this cluster this instance's: address, socket, archive into its own repository. */
  writeInstanceConf(address: string, settings: ClusterSettings): void {
    const lines = [
      `listen_addresses = '${address}'`,
      `port = ${PORT}`,
      `unix_socket_directories = '${this.sock}'`,
      // logical: TRUNCATE then leaves its own record in the WAL, so it can be told from a DROP.
      "wal_level = logical",
      "archive_mode = on",
      `archive_command = 'pgbackrest --config=${this.conf} --stanza=${this.stanza} archive-push %p'`,
      `archive_timeout = ${settings.archiveTimeoutSeconds}`,
      "track_commit_timestamp = on",
      "shared_buffers = 16MB",
      "max_connections = 20",
      "max_wal_senders = 0",
      "logging_collector = off",
      "log_line_prefix = '%m [%p] '",
      "log_timezone = 'UTC'",
      "timezone = 'UTC'",
      "",
    ];
    const file = path.join(this.data, "instance.conf");
    writeFileSync(file, lines.join("\n"));
    ownFile(file);
    const main = path.join(this.data, "postgresql.conf");
    const text = readFileSync(main, "utf8");
    if (!text.includes("include_if_exists = 'instance.conf'")) writeFileSync(main, `${text}\ninclude_if_exists = 'instance.conf'\n`);
    const hba = ["local all all trust", "host all all 127.0.0.0/8 scram-sha-256", "host all all ::1/128 scram-sha-256", ""].join("\n");
    writeFileSync(path.join(this.data, "pg_hba.conf"), hba);
    ownFile(path.join(this.data, "pg_hba.conf"));
  }

  /** A scratch cluster: reachable only through its socket (by the engine's own user), archiving nothing. */
  writeScratchConf(): void {
    const lines = [
      "listen_addresses = ''",
      `port = ${PORT}`,
      `unix_socket_directories = '${this.sock}'`,
      "archive_mode = off",
      "hot_standby = on",
      "track_commit_timestamp = on",
      "shared_buffers = 16MB",
      "max_connections = 20",
      "logging_collector = off",
      "log_timezone = 'UTC'",
      "timezone = 'UTC'",
      "",
    ];
    writeFileSync(path.join(this.data, "instance.conf"), lines.join("\n"));
    ownFile(path.join(this.data, "instance.conf"));
  }

  async initdb(): Promise<void> {
    rmSync(this.data, { recursive: true, force: true });
    ownedDir(this.data);
    await run(
      this.bin("initdb"),
      [
        "-D",
        this.data,
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--no-instructions",
      ],
      { timeoutMs: 120_000 },
    );
  }

  /** Where this run of the server started writing its log. */
  private logMark = 0;

  /** Starts the server and waits until it accepts connections (or, in recovery, hot standby opens). */
  async start(): Promise<void> {
    this.logMark = existsSync(this.log) ? statSync(this.log).size : 0;
    try {
      await run(this.bin("pg_ctl"), ["-D", this.data, "-l", this.log, "-w", "-t", "60", "start"], { timeoutMs: 90_000 });
    } catch (error) {
      throw new Error(this.failureReason(error));
    }
  }

  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    if (!this.running()) return;
    await run(this.bin("pg_ctl"), ["-D", this.data, "-m", mode, "-w", "-t", "60", "stop"], { timeoutMs: 90_000, allowFail: true });
  }

  /** Whether a postmaster runs on this data directory (its pid file names a live process). */
  running(): boolean {
    const pidFile = path.join(this.data, "postmaster.pid");
    if (!existsSync(pidFile)) return false;
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** PostgreSQL's own words for why it stopped or would not start: the last FATAL or PANIC in its log. */
  lastFatal(): string | null {
    if (!existsSync(this.log)) return null;
    // Only what this run of the server wrote: an earlier shutdown's FATALs are not its reason.
    const text = readFileSync(this.log).subarray(this.logMark).toString("utf8");
    const lines = text.split("\n").slice(-200).reverse();
    const at = lines.findIndex((l) => /\b(FATAL|PANIC):/.test(l));
    if (at < 0) return null;
    const words = (l: string) => l.replace(/^.*?\b(FATAL|PANIC|LOG|ERROR):\s*/, "");
    // "could not create any TCP/IP sockets" says little without the bind error logged just before it.
    const bind = lines.slice(at + 1, at + 6).find((l) => /could not bind/.test(l));
    return `${lines[at]!.match(/\b(FATAL|PANIC):/)![1]}: ${words(lines[at]!)}${bind ? ` (${words(bind)})` : ""}`;
  }

  failureReason(error: unknown): string {
    const fatal = this.lastFatal();
    if (fatal) return fatal;
    return error instanceof Error ? error.message : String(error);
  }

  async psql(sql: string, db = "postgres"): Promise<string> {
    return this.psqlCommands([sql], db);
  }

  /** Several commands in one psql run (SQL, or a meta-command such as `\c db`), so one program start serves them all. */
  async psqlCommands(commands: readonly string[], db = "postgres"): Promise<string> {
    const r = await run(
      this.bin("psql"),
      [
        "-X",
        "-A",
        "-t",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        this.sock,
        "-p",
        String(PORT),
        "-U",
        "postgres",
        "-d",
        db,
        ...commands.flatMap((c) => ["-c", c]),
      ],
      { timeoutMs: 60_000 },
    );
    return r.stdout.trim();
  }

  async backrest(args: readonly string[], opts: { timeoutMs?: number } = {}): Promise<string> {
    const r = await run("pgbackrest", [`--config=${this.conf}`, `--stanza=${this.stanza}`, ...args], {
      timeoutMs: opts.timeoutMs ?? 600_000,
    });
    return r.stdout;
  }

  /** The archive's WAL segment files (not .partial, .backup or .history), with when each was pushed. */
  archivedSegments(): (SegmentName & { file: string; pushedMs: number })[] {
    const root = path.join(this.repo, "archive", this.stanza);
    if (!existsSync(root)) return [];
    const out: (SegmentName & { file: string; pushedMs: number })[] = [];
    for (const db of readdirSync(root)) {
      if (!/^\d+-\d+$/.test(db)) continue;
      for (const group of readdirSync(path.join(root, db))) {
        const groupDir = path.join(root, db, group);
        if (!/^[0-9A-F]{16}$/.test(group)) continue;
        for (const file of readdirSync(groupDir)) {
          const seg = parseSegmentName(file);
          if (!seg) continue;
          try {
            out.push({ ...seg, file: path.join(groupDir, file), pushedMs: statSync(path.join(groupDir, file)).mtimeMs });
          } catch {
            // Removed between the listing and the stat (expire): it is simply not there.
          }
        }
      }
    }
    return out;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function isCommandError(error: unknown): error is CommandError {
  return error instanceof CommandError;
}
