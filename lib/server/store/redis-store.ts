/**
 * The shared store for several replicas: Redis (REDIS_URL). Claims are SET NX, compare-and-set a
 * small Lua script (atomic on the server), fan-out is Redis pub/sub on a second connection, logs
 * are streams capped with MAXLEN ~.
 *
 * While Redis is unreachable every call fails at once with StoreUnavailableError (no offline
 * queue: a restore must not wait for a claim that may land minutes later), and the client keeps
 * reconnecting in the background, so the dashboard works again without a restart.
 */
import "server-only";
import { createClient } from "redis";
import { StoreUnavailableError, type LogEntry, type SharedStore } from "./store";

const COMPARE_AND_SET =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end";
const DELETE_IF_EQUALS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/** Reconnect backoff: quick at first, never more than 2 s apart. */
function reconnectDelay(retries: number): number {
  return Math.min(100 * 2 ** retries, 2000);
}

/** Longest wait for one command's answer. */
const COMMAND_TIMEOUT_MS = 3000;

/** At start-up the first connection is still being made: calls wait this long for it, not longer. */
const FIRST_CONNECT_WAIT_MS = 2000;

type Client = ReturnType<typeof connect>;

/** Ready now; or, before the client was ever ready, once it is (within FIRST_CONNECT_WAIT_MS). */
async function ready(client: Client, everReady: boolean): Promise<boolean> {
  if (client.isReady) return true;
  if (everReady) return false;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), FIRST_CONNECT_WAIT_MS);
    client.on("ready", onReady);
  });
}

function connect(url: string, role: string) {
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy: reconnectDelay } });
  let down = false;
  client.on("error", (error: Error) => {
    // One line per outage, not one per reconnect attempt.
    if (!down) console.error(`[store] redis ${role}: ${error.message}; reconnecting`);
    down = true;
  });
  client.on("ready", () => {
    if (down) console.error(`[store] redis ${role}: connected again`);
    down = false;
  });
  void client.connect().catch((error: unknown) => console.error(`[store] redis ${role}: ${(error as Error).message}`));
  return client;
}

export class RedisStore implements SharedStore {
  private readonly client;
  private readonly subscriber;

  private everReady = { client: false, subscriber: false };

  constructor(url: string) {
    this.client = connect(url, "commands");
    this.subscriber = connect(url, "pub/sub");
    this.client.on("ready", () => (this.everReady.client = true));
    this.subscriber.on("ready", () => (this.everReady.subscriber = true));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (!(await ready(this.client, this.everReady.client))) throw new StoreUnavailableError();
    let timer: NodeJS.Timeout | undefined;
    // A Redis that accepts the connection but does not answer (paused, swapping) must not hold a
    // restore request open: it is treated as down. A claim that lands late has no live lease and is
    // taken over by the next request with its key.
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StoreUnavailableError()), COMMAND_TIMEOUT_MS)));
    try {
      return await Promise.race([fn(), timeout]);
    } catch {
      throw new StoreUnavailableError();
    } finally {
      clearTimeout(timer);
    }
  }

  get(key: string): Promise<string | null> {
    return this.call(() => this.client.get(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.call(() => this.client.set(key, value, { expiration: { type: "PX", value: ttlMs } }));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.call(() => this.client.set(key, value, { condition: "NX", expiration: { type: "PX", value: ttlMs } }))) === "OK";
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.call(() => this.client.eval(COMPARE_AND_SET, { keys: [key], arguments: [expected, value, String(ttlMs)] }))) === 1;
  }

  async deleteIfEquals(key: string, expected: string): Promise<boolean> {
    return (await this.call(() => this.client.eval(DELETE_IF_EQUALS, { keys: [key], arguments: [expected] }))) === 1;
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.client.del(key));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.call(() => this.client.publish(channel, message));
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => void> {
    if (!(await ready(this.subscriber, this.everReady.subscriber))) throw new StoreUnavailableError();
    try {
      await this.subscriber.subscribe(channel, listener);
    } catch {
      throw new StoreUnavailableError();
    }
    return () => void this.subscriber.unsubscribe(channel, listener).catch(() => undefined);
  }

  async append(log: string, data: string, maxEntries: number): Promise<LogEntry> {
    const id = await this.call(() =>
      this.client.xAdd(log, "*", { data }, { TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: maxEntries } }),
    );
    return { id, atMs: streamTime(id), data };
  }

  async readLog(log: string, limit: number): Promise<LogEntry[]> {
    const entries = await this.call(() => this.client.xRevRange(log, "+", "-", { COUNT: limit }));
    return (entries ?? []).map((e) => ({ id: e.id, atMs: streamTime(e.id), data: String(e.message.data ?? "") }));
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.close(), this.subscriber.close()]);
  }
}

/** A stream entry's id starts with the Redis server's clock in ms. */
function streamTime(id: string): number {
  return Number(id.split("-")[0]);
}
