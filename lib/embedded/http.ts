/**
 * The little HTTP toolkit both servers share (node:http only): routing, bodies, error answers in
 * the shapes the real services use, pagination and fault application.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import type { FaultRegistry } from "./faults";

/** An answer that ends a request early; thrown from anywhere below a handler. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType = "application/json",
  ) {
    super(`HTTP ${status}`);
  }
}

/** Trove's error body: {"<name>": {"code", "message"}} (trove-api.md). */
export function troveError(status: number, name: string, message: string): HttpError {
  return new HttpError(status, { [name]: { code: status, message } });
}

export const badRequest = (message: string) => troveError(400, "badRequest", message);
export const forbidden = (message: string) => troveError(403, "forbidden", message);
export const unprocessable = (message: string) => troveError(422, "unprocessableEntity", message);
export const notFound = (id?: string) =>
  troveError(404, "itemNotFound", id ? `Resource ${id} cannot be found.` : "The resource could not be found.");

/** keystonemiddleware's (and Keystone's) shape: {"error": {"code", "title", "message"}}. */
export function keystoneError(status: number, title: string, message: string): HttpError {
  return new HttpError(status, { error: { code: status, title, message } });
}

export const unauthenticated = () => keystoneError(401, "Unauthorized", "The request you have made requires authentication.");

export interface Request {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  params: Record<string, string>;
  /** The raw body, read before routing (so faults and latency apply to whole requests). */
  body: string;
}

export type Handler<C> = (req: Request, ctx: C) => Answer | Promise<Answer>;
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route<C> {
  method: string;
  pattern: RegExp;
  handler: Handler<C>;
}

export class Router<C> {
  private routes: Route<C>[] = [];

  on(method: string, path: string, handler: Handler<C>): this {
    const pattern = new RegExp(`^${path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}/?$`);
    this.routes.push({ method, pattern, handler });
    return this;
  }

  match(method: string, pathname: string): { handler: Handler<C>; params: Record<string, string> } | "method" | null {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method === method || (method === "HEAD" && r.method === "GET")) {
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
        return { handler: r.handler, params };
      }
    }
    return pathMatched ? "method" : null;
  }
}

const MAX_BODY = 1_048_576;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw troveError(413, "overLimit", "Request body is too large.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The errors Trove 18 leaves to webob (a foreign project's URL, a body that is not JSON): not its
 * fault shape but `{message, code: "403 Forbidden", title}` when JSON is asked for, else an HTML page.
 */
export function webobError(req: Request, status: number, title: string, explanation: string, detail: string): HttpError {
  const message = `${explanation}<br /><br />\n${detail}`;
  if (/application\/json/.test(String(req.headers.accept ?? "")))
    return new HttpError(status, { message, code: `${status} ${title}`, title });
  const heading = `${status} ${title}`;
  return new HttpError(
    status,
    `<html>\n <head>\n  <title>${heading}</title>\n </head>\n <body>\n  <h1>${heading}</h1>\n  ${message}\n </body>\n</html>`,
    "text/html; charset=UTF-8",
  );
}

/**
 * The JSON body of a write: 415 without a JSON content type, and for unparsable JSON the odd
 * webob-style 400 that real Trove sends (real-trove/samples/error-bad-json.json).
 */
export function jsonBody(req: Request): unknown {
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]!
    .trim()
    .toLowerCase();
  if (type !== "application/json")
    throw webobError(req, 415, "Unsupported Media Type", `The request media type ${type || "None"} is not supported by this server.\n`, "");
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new HttpError(400, { message: "Malformed request body<br /><br />\n\n\n", code: "400 Bad Request", title: "Bad Request" });
  }
}

/** Zod at the edge, with Trove's "Validation error: …" wording. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.map(String);
  const root = where.shift();
  const field = where.length ? `'${where.join(".")}' ` : "";
  const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
  const what = missing ? "is a required property" : issue.message;
  throw badRequest(`Validation error: ${root ?? "body"} ${field}${what}`.replace(/\s+/g, " ").trim());
}

export function send(res: ServerResponse, answer: Answer, head = false): void {
  const headers: Record<string, string> = { ...answer.headers };
  let payload = "";
  if (answer.body !== undefined) {
    if (typeof answer.body === "string") payload = answer.body;
    else {
      payload = JSON.stringify(answer.body);
      headers["Content-Type"] ??= "application/json";
    }
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(answer.status, headers);
  res.end(head ? undefined : payload);
}

export function errorAnswer(error: HttpError): Answer {
  return { status: error.status, body: error.body, headers: { "Content-Type": error.contentType } };
}

/** What the faults matching this request ask for, after their latency has been served. */
export async function applyFaults(
  faults: FaultRegistry,
  method: string,
  pathname: string,
): Promise<{ answer?: Answer; expireToken: boolean }> {
  let answer: Answer | undefined;
  let expireToken = false;
  for (const f of faults.take(method, pathname)) {
    if (f.kind === "latency") await new Promise((r) => setTimeout(r, f.ms ?? 1000));
    else if (f.kind === "expire-token") expireToken = true;
    else if (f.kind === "status" && !answer) {
      const status = f.status ?? 503;
      const name =
        status === 503
          ? "serviceUnavailable"
          : status === 413 || status === 429
            ? "overLimit"
            : status >= 500
              ? "instanceFault"
              : "badRequest";
      answer = { status, body: { [name]: { code: status, message: `Injected fault (${f.id}).` } } };
    } else if (f.kind === "malformed" && !answer) {
      answer = { status: 200, body: '{"injected": "malformed', headers: { "Content-Type": "application/json" } };
    }
  }
  return { answer, expireToken };
}

export interface Page {
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 1000;

/** ?limit= (capped silently at 1000, as Trove caps) and ?marker= (an offset). */
export function pageOf(url: URL): Page {
  const limitRaw = url.searchParams.get("limit");
  const markerRaw = url.searchParams.get("marker");
  let limit = DEFAULT_PAGE;
  if (limitRaw !== null && limitRaw !== "") {
    if (!/^\d+$/.test(limitRaw) || Number(limitRaw) === 0)
      throw badRequest(`limit must be a positive integer, not ${JSON.stringify(limitRaw)}.`);
    limit = Math.min(Number(limitRaw), MAX_PAGE);
  }
  let offset = 0;
  if (markerRaw !== null && markerRaw !== "") {
    if (!/^\d+$/.test(markerRaw)) throw badRequest(`marker must be an offset into the list, not ${JSON.stringify(markerRaw)}.`);
    offset = Number(markerRaw);
  }
  return { limit, offset };
}

/**
 * The `links` of a page that has more after it: the same query with the next marker. Like real
 * Trove 18 the href says https and the request's Host, whatever the server speaks.
 */
export function nextLinks(req: Request, page: Page, total: number): { links?: { rel: string; href: string }[] } {
  if (page.offset + page.limit >= total) return {};
  const params = new URLSearchParams(req.url.searchParams);
  params.delete("marker");
  params.set("marker", String(page.offset + page.limit));
  const host = req.headers.host ?? req.url.host;
  return { links: [{ rel: "next", href: `https://${host}${req.url.pathname}?${params.toString()}` }] };
}
