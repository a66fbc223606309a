/**
 * Project and user names for the ids Trove gives, read from Keystone with the viewer's own token
 * and kept a while, because names change rarely and a page must not wait on Keystone each time.
 *
 * What is kept, and for how long:
 * - an admin's project list (`GET /v3/projects`, one call for every project): 10 minutes; an id
 *   missing from it (a project made since) reads the list again, at most once a minute;
 * - a user's or project's name (`GET /v3/users/{id}`, `/v3/projects/{id}`): 1 hour;
 * - a refusal (403: Keystone's policy lets only an admin or the subject read it; 404: gone):
 *   10 minutes; Keystone down or answering garbage: nothing kept, the ids are shown.
 * Entries are kept per Keystone and per viewer ("admin" for every admin, else the user's id), so
 * a name one viewer may read never reaches a viewer Keystone would refuse it to.
 */
import "server-only";
import { AuthError } from "@/lib/domain/errors";
import { getProjectName, getUserName, listProjects, type KeystoneConfig, type NameLookup } from "@/lib/keystone/client";
import { mapLimit } from "./concurrency";

export interface NameReader {
  config: KeystoneConfig;
  token: string;
  /** Who the names are for: "admin" for every admin (same policy), else the user id. */
  viewer: string;
}

const LIST_TTL_MS = 10 * 60_000;
const LIST_RETRY_MS = 60_000;
const NAME_TTL_MS = 60 * 60_000;
const REFUSAL_TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 20_000;
const LOOKUP_CONCURRENCY = 4;

interface Kept {
  name: string | null;
  until: number;
}

/** The Keystone reads the directory makes (the typed client; a test passes its own). */
export interface NameLookups {
  listProjects: typeof listProjects;
  getProjectName: typeof getProjectName;
  getUserName: typeof getUserName;
}

export class NameDirectory {
  private readonly lists = new Map<string, { names: Map<string, string>; at: number }>();
  private readonly single = new Map<string, Kept>();

  constructor(private readonly keystone: NameLookups = { listProjects, getProjectName, getUserName }) {}

  /** id → name, or null where Keystone refused or did not answer. */
  async projectNames(reader: NameReader, ids: readonly string[], nowMs: number): Promise<Map<string, string | null>> {
    const wanted = [...new Set(ids)].filter((id) => id !== "");
    const out = new Map<string, string | null>();
    if (wanted.length === 0) return out;
    if (reader.viewer === "admin") {
      const key = `${reader.config.authUrl}|projects`;
      let list = this.lists.get(key);
      const missing = list ? wanted.some((id) => !list!.names.has(id)) : true;
      if (!list || nowMs - list.at > LIST_TTL_MS || (missing && nowMs - list.at > LIST_RETRY_MS)) {
        const read = await this.guard(() => this.keystone.listProjects(reader.config, reader.token));
        if (read) {
          list = { names: new Map(read.map((p) => [p.id, p.name])), at: nowMs };
          this.lists.set(key, list);
        }
      }
      if (list) {
        for (const id of wanted) out.set(id, list.names.get(id) ?? null);
        return out;
      }
    }
    return this.lookUp(reader, "project", wanted, nowMs, (id) => this.keystone.getProjectName(reader.config, reader.token, id));
  }

  async userNames(reader: NameReader, ids: readonly string[], nowMs: number): Promise<Map<string, string | null>> {
    const wanted = [...new Set(ids)].filter((id) => id !== "");
    return this.lookUp(reader, "user", wanted, nowMs, (id) => this.keystone.getUserName(reader.config, reader.token, id));
  }

  private async lookUp(
    reader: NameReader,
    kind: string,
    ids: readonly string[],
    nowMs: number,
    read: (id: string) => Promise<NameLookup>,
  ): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    const key = (id: string) => `${reader.config.authUrl}|${reader.viewer}|${kind}|${id}`;
    const unknown = ids.filter((id) => {
      const kept = this.single.get(key(id));
      if (kept && kept.until > nowMs) out.set(id, kept.name);
      return !(kept && kept.until > nowMs);
    });
    await mapLimit(unknown, LOOKUP_CONCURRENCY, async (id) => {
      const answer = await this.guard(() => read(id));
      out.set(id, answer && "name" in answer ? answer.name : null);
      if (answer)
        this.keep(
          key(id),
          "name" in answer ? { name: answer.name, until: nowMs + NAME_TTL_MS } : { name: null, until: nowMs + REFUSAL_TTL_MS },
        );
    });
    return out;
  }

  private keep(key: string, kept: Kept): void {
    if (this.single.size >= MAX_ENTRIES) this.single.delete(this.single.keys().next().value!);
    this.single.set(key, kept);
  }

  /** Keystone down or odd costs the names, not the page; an ended session still ends it. */
  private async guard<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof AuthError) throw error;
      return null;
    }
  }
}
