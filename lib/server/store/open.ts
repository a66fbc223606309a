/** Picks the store from the configuration: Redis when REDIS_URL is set, else SQLite in the data directory. */
import "server-only";
import path from "node:path";
import type { Env } from "@/lib/env";
import { RedisStore } from "./redis-store";
import { SqliteStore } from "./sqlite-store";
import type { SharedStore } from "./store";

export function openStore(env: Env): SharedStore {
  if (env.REDIS_URL) return new RedisStore(env.REDIS_URL);
  return new SqliteStore(path.resolve(env.DASHBOARD_DATA_DIR, "dashboard.sqlite"));
}
