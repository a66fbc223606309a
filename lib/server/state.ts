/**
 * Process-wide singletons. Kept on globalThis so that Next's module reloading in development
 * and its separate route bundles share one idempotency store and one set of pollers.
 */
import "server-only";
import { recoveryOverviewSchema, restoreResponseSchema, type Overview, type RestoreResponse } from "@/lib/api/schemas";
import { loadEnv } from "@/lib/env";
import { CapabilityCache } from "@/lib/trove/capabilities";
import { AnalysisMemo } from "./analysis-memo";
import { AuditTrail } from "./audit";
import { IdempotencyStore } from "./idempotency";
import { restoreIntentSchema, type RestoreIntent } from "./services/restore-intent";
import { openStore } from "./store/open";
import type { SharedStore } from "./store/store";
import { LoginThrottle } from "./login-throttle";
import { NameDirectory } from "./names";
import { RestoresInFlight, StoredRestoreHistory, type RestoreHistory } from "./restore-durations";
import { SessionStreams } from "./session-streams";
import { StatusHub } from "./status-hub";
import { StoredComputations } from "./stored-computations";
import { UpstreamCache } from "./upstream-cache";

interface ServerState {
  /** Shared with every replica (Redis) or kept on disk (SQLite): see lib/server/store. */
  store: SharedStore;
  restores: IdempotencyStore<RestoreResponse, RestoreIntent>;
  audit: AuditTrail;
  statusHub: StatusHub;
  sessionStreams: SessionStreams;
  /** The admin overview, per admin and endpoint, shared by the replicas through the store. */
  overviews: StoredComputations<Overview>;
  /** Each instance's analysis in the admin overview, while its backups and log view stay the same. */
  overviewAnalyses: AnalysisMemo;
  /** What each Trove endpoint's GET /extensions said (the replicas also share it through the store). */
  capabilities: CapabilityCache;
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
  if (holder.__tpdServerState) return holder.__tpdServerState;
  const env = loadEnv();
  const store = openStore(env);
  const audit = new AuditTrail(store);
  holder.__tpdServerState = {
    store,
    restores: new IdempotencyStore(store, { answer: restoreResponseSchema, intent: restoreIntentSchema }),
    audit,
    statusHub: new StatusHub(env.STATUS_POLL_MS, {
      store,
      onSettled: (endpoint, status) => audit.settled(endpoint, status.id, status.status, status.fault?.message ?? null),
    }),
    sessionStreams: new SessionStreams(),
    overviews: new StoredComputations(store, "overview", OVERVIEW_TTL_MS, recoveryOverviewSchema),
    overviewAnalyses: new AnalysisMemo(),
    capabilities: new CapabilityCache(),
    logins: new LoginThrottle(),
    upstream: new UpstreamCache(),
    restoreHistory: new StoredRestoreHistory(store),
    restoresInFlight: new RestoresInFlight(store),
    names: new NameDirectory(),
  };
  return holder.__tpdServerState;
}
