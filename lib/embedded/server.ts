/**
 * The two listeners — Keystone and Trove — as real HTTP servers on their own ports, sharing one
 * store, clock and fault registry. Every Trove request first brings the world up to "now".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "./config";
import type { FaultRegistry } from "./faults";
import { applyFaults, errorAnswer, HttpError, notFound, readBody, send, troveError, type Answer, type Request, type Router } from "./http";
import { principalOf, type KeystoneContext } from "./keystone";
import type { Lifecycle } from "./lifecycle";
import type { Store } from "./store";
import { faultPath, type TroveContext } from "./trove";

interface Mount<C> {
  router: Router<C>;
  ctx: C;
  /** The path fault globs see. */
  faultPath(pathname: string): string;
  /** Runs before routing (the Trove side advances the world here). */
  before?(): void;
}

export interface Shared {
  store: Store;
  clock: Clock;
  faults: FaultRegistry;
  lifecycle: Lifecycle;
  log(line: string): void;
}

function handler<C>(mount: Mount<C>, shared: Shared) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let answer: Answer;
    const method = req.method ?? "GET";
    try {
      const url = new URL(req.url ?? "/", "http://embedded.invalid");
      const body = await readBody(req);
      const token = req.headers["x-auth-token"];
      // Faults apply to authenticated requests only: whoever has no token cannot trigger one, nor
      // use up a fault's count meant for the test that set it.
      const authenticated = typeof token === "string" && principalOf(shared.store, token, shared.clock()) !== null;
      const faults = authenticated ? await applyFaults(shared.faults, method, mount.faultPath(url.pathname)) : { expireToken: false };
      if (faults.expireToken && typeof token === "string") shared.store.q.expireToken.run(shared.clock() - 1000, token);
      if (faults.answer) {
        answer = faults.answer;
      } else {
        mount.before?.();
        const match = mount.router.match(method, url.pathname.replace(/\/+$/, "") || "");
        if (match === null) throw notFound();
        if (match === "method") throw troveError(405, "badMethod", `The method ${method} is not allowed for this resource.`);
        const request: Request = { method, url, headers: req.headers, params: match.params, body };
        answer = await match.handler(request, mount.ctx);
      }
    } catch (error) {
      if (error instanceof HttpError) answer = errorAnswer(error);
      else {
        shared.log(`internal error on ${method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
        answer = {
          status: 500,
          body: {
            instanceFault: { code: 500, message: "The server has either erred or is incapable of performing the requested operation." },
          },
        };
      }
    }
    if (!res.headersSent) send(res, answer, method === "HEAD");
  };
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export interface Running {
  keystoneUrl: string;
  troveUrl: string;
  close(): Promise<void>;
}

export async function serve(opts: {
  shared: Shared;
  host: string;
  keystonePort: number;
  trovePort: number;
  tokenTtlMs: number;
  keystoneRouter: Router<KeystoneContext>;
  troveRouter: Router<TroveContext>;
}): Promise<Running> {
  const { shared, host } = opts;
  const urls = { keystone: "", trove: "" };
  const keystoneCtx: KeystoneContext = {
    store: shared.store,
    clock: shared.clock,
    tokenTtlMs: opts.tokenTtlMs,
    keystoneUrl: () => urls.keystone,
    troveUrl: () => urls.trove,
  };
  const troveCtx: TroveContext = { store: shared.store, clock: shared.clock, lifecycle: shared.lifecycle, faults: shared.faults };
  const serveKeystone = handler({ router: opts.keystoneRouter, ctx: keystoneCtx, faultPath: (p) => p }, shared);
  const serveTrove = handler(
    { router: opts.troveRouter, ctx: troveCtx, faultPath, before: () => shared.lifecycle.advance(shared.clock()) },
    shared,
  );
  // The handlers answer every error themselves, so nothing is left for node:http to do with their promise.
  const keystone = createServer((req, res) => void serveKeystone(req, res));
  const trove = createServer((req, res) => void serveTrove(req, res));
  // Keep-alive sockets would hold close() open for their idle timeout.
  for (const s of [keystone, trove]) s.keepAliveTimeout = 5_000;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const kPort = await listen(keystone, host, opts.keystonePort);
  const tPort = await listen(trove, host, opts.trovePort);
  urls.keystone = `http://${shownHost}:${kPort}/v3`;
  urls.trove = `http://${shownHost}:${tPort}`;
  const closeOne = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    keystoneUrl: urls.keystone,
    troveUrl: urls.trove,
    close: async () => {
      await Promise.all([closeOne(keystone), closeOne(trove)]);
    },
  };
}
