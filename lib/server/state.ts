/**
 * Process-wide singletons. Kept on globalThis so that Next's module reloading in development
 * and its separate route bundles share one idempotency store and one set of pollers.
 */
import "server-only";
import type { RestoreResponse } from "@/lib/api/schemas";
import { loadEnv } from "@/lib/env";
import { IdempotencyStore } from "./idempotency";
import { SessionStreams } from "./session-streams";
import { StatusHub } from "./status-hub";

interface ServerState {
  restores: IdempotencyStore<RestoreResponse>;
  statusHub: StatusHub;
  sessionStreams: SessionStreams;
}

const holder = globalThis as { __tpdServerState?: ServerState };

export function serverState(): ServerState {
  holder.__tpdServerState ??= { restores: new IdempotencyStore(), statusHub: new StatusHub(loadEnv().STATUS_POLL_MS), sessionStreams: new SessionStreams() };
  return holder.__tpdServerState;
}
