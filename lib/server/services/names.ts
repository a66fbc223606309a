/**
 * Names beside the ids Trove answers with (projects, users), read from Keystone with the
 * viewer's token (lib/server/names.ts says what is kept and for how long). A name Keystone
 * refuses stays null: the page shows the id, marked as such.
 */
import "server-only";
import type { Overview, Recovery } from "@/lib/api/schemas";
import { isAdmin } from "@/lib/domain/roles";
import type { Env } from "@/lib/env";
import type { SessionData } from "@/lib/session/session";
import type { NameReader } from "../names";
import { serverState } from "../state";

export function nameReader(session: SessionData, env: Env): NameReader {
  return {
    config: { authUrl: env.authUrl, timeoutMs: env.UPSTREAM_TIMEOUT_MS },
    token: session.token,
    viewer: isAdmin(session.roles) ? "admin" : session.user.id,
  };
}

async function recoveryNames(reader: NameReader, recoveries: readonly Recovery[], nowMs: number) {
  const { names } = serverState();
  const [projects, users] = await Promise.all([
    names.projectNames(
      reader,
      recoveries.flatMap((r) => (r.projectId ? [r.projectId] : [])),
      nowMs,
    ),
    names.userNames(
      reader,
      recoveries.flatMap((r) => (r.userId ? [r.userId] : [])),
      nowMs,
    ),
  ]);
  return recoveries.map((r) => ({
    ...r,
    projectName: r.projectId ? (projects.get(r.projectId) ?? null) : null,
    userName: r.userId ? (users.get(r.userId) ?? null) : null,
  }));
}

export async function withNames(overview: Overview, reader: NameReader, nowMs: number): Promise<Overview> {
  const [projects, recoveries] = await Promise.all([
    serverState().names.projectNames(
      reader,
      overview.rows.map((r) => r.projectId),
      nowMs,
    ),
    recoveryNames(reader, overview.recoveries, nowMs),
  ]);
  return { ...overview, rows: overview.rows.map((r) => ({ ...r, projectName: projects.get(r.projectId) ?? null })), recoveries };
}

export async function recoveriesWithNames<T extends { recoveries: Recovery[] }>(list: T, reader: NameReader, nowMs: number): Promise<T> {
  return { ...list, recoveries: await recoveryNames(reader, list.recoveries, nowMs) };
}
