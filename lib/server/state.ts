/**
 * Process-wide singletons. Kept on globalThis so that Next's module reloading in development
 * and its separate route bundles share one idempotency store and one set of pollers.
 */
import "server-only";
import type { Overview, RestoreResponse } from "@/lib/api/schemas";
import { loadEnv } from "@/lib/env";
import { IdempotencyStore } from "./idempotency";
import { LoginThrottle } from "./login-throttle";
import { NameDirectory } from "./names";
import { MemoryRestoreHistory, RestoresInFlight, type RestoreHistory } from "./restore-durations";
import { SessionStreams } from "./session-streams";
import { SharedComputations } from "./shared-computation";
import { StatusHub } from "./status-hub";
import { UpstreamCache } from "./upstream-cache";

interface ServerState {
  restores: IdempotencyStore<RestoreResponse>;
  statusHub: StatusHub;
  sessionStreams: SessionStreams;
  /** The admin overview, per admin and endpoint. */
  overviews: SharedComputations<Overview>;
  logins: LoginThrottle;
  /** Terminal backups and archived log segments already read, per endpoint + project + instance. */
  upstream: UpstreamCache;
  /** How long the restores seen here took, per Trove endpoint (the restore estimate's basis). */
  restoreHistory: RestoreHistory;
  restoresInFlight: RestoresInFlight;
  /** Project and user names from Keystone, per Keystone and viewer. */
  names: NameDirectory;
}

/** How long one fleet overview computation serves every request of its admin. */
const OVERVIEW_TTL_MS = 15_000;

const holder = globalThis as { __tpdServerState?: ServerState };

export function serverState(): ServerState {
  holder.__tpdServerState ??= {
    restores: new IdempotencyStore(),
    statusHub: new StatusHub(loadEnv().STATUS_POLL_MS),
    sessionStreams: new SessionStreams(),
    overviews: new SharedComputations(OVERVIEW_TTL_MS),
    logins: new LoginThrottle(),
    upstream: new UpstreamCache(),
    restoreHistory: new MemoryRestoreHistory(),
    restoresInFlight: new RestoresInFlight(),
    names: new NameDirectory(),
  };
  return holder.__tpdServerState;
}
