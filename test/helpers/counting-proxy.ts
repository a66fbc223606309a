/**
 * HTTP proxies that count what the backend really receives: one in front of Trove, and one in front
 * of Keystone that rewrites the service catalog so a dashboard finds Trove through the first. Each
 * dashboard replica can get its own pair, so the counts also say which replica asked.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingProxy {
  url: string;
  /** "METHOD /path?query" of every request forwarded, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** Forwards every request to `target`, counting them; `rewrite` may edit answers' bodies. */
export async function countingProxy(target: string, rewrite?: (body: string) => string): Promise<CountingProxy> {
  const hits: string[] = [];
  const t = new URL(target);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(`${req.method} ${req.url}`);
    const upstream = httpRequest(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } },
      (answer) => {
        if (!rewrite) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          const body = rewrite(Buffer.concat(chunks).toString("utf8"));
          const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(body)) };
          delete headers["transfer-encoding"];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  // Status streams stay open: close() must not wait for them.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface CountedCloud {
  /** OS_AUTH_URL for a dashboard that should reach Trove through `trove`. */
  keystoneUrl: string;
  trove: CountingProxy;
  close(): Promise<void>;
}

/** A Keystone proxy whose catalog points at a counting Trove proxy, for one dashboard (or replica). */
export async function countedCloud(backend: { keystoneUrl: string; troveBaseUrl: string }): Promise<CountedCloud> {
  const trove = await countingProxy(backend.troveBaseUrl);
  const troveOrigin = new URL(backend.troveBaseUrl).origin;
  const keystone = await countingProxy(new URL(backend.keystoneUrl).origin, (body) => body.split(troveOrigin).join(trove.url));
  return {
    keystoneUrl: keystone.url + new URL(backend.keystoneUrl).pathname,
    trove,
    close: async () => {
      await trove.close();
      await keystone.close();
    },
  };
}
