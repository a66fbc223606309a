/**
 * The one door to Trove (vercel/commerce's single fetch wrapper): token header, JSON both ways,
 * a timeout on every call, retries with backoff for reads only, every error shape mapped to the
 * app's error model, every answer validated with zod, and lists followed to their last page.
 * Bounded against a broken or hostile Trove: answers over a size are not read, and a list stops
 * after a number of pages or an overall deadline, whichever comes first.
 */
import "server-only";
import { z } from "zod";
import { AuthError, ForbiddenError, NotFoundError, UpstreamError } from "@/lib/domain/errors";
import { readCapped } from "@/lib/read-capped";
import { parseTroveFault } from "./errors";
import { nextPageQuery } from "./pagination";

export interface TroveHttpOptions {
  /** The database endpoint from the catalog, ending in /v1.0/{project_id}. */
  endpoint: string;
  token: string;
  timeoutMs: number;
  /** Extra attempts for GETs after a network error, a 5xx or a timeout. */
  retries?: number;
  backoffMs?: number;
  /** Largest answer read, in bytes. */
  maxBodyBytes?: number;
  /** Most pages followed for one list. */
  maxPages?: number;
  /** Longest time one list may take, all its pages together. */
  listDeadlineMs?: number;
}

// Far above what a real answer needs: 1000 log segments (the largest page asked) are ~400 KB, and
// the largest fleet seen had a few hundred pages of backups at Trove's default page size.
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_PAGES = 1000;
const LIST_DEADLINE_MS = 120_000;

type Query = Record<string, string | undefined>;

interface RequestSpec<S extends z.ZodType> {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Query | URLSearchParams;
  body?: unknown;
  schema: S;
  /** This call's own limit, for one that does real work before it answers (a preview's scratch restore). */
  timeoutMs?: number;
}

const linksSchema = z
  .array(z.object({ rel: z.string(), href: z.string() }))
  .nullable()
  .optional();

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "";
  const where = issue.path.length > 0 ? issue.path.join(".") : "body";
  return ` (${where}: ${issue.message})`;
}

const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tooLarge(maxBytes: number): UpstreamError {
  return new UpstreamError(
    "unexpected",
    `The database service (Trove) sent an answer larger than ${Math.round(maxBytes / 1024)} KiB; the dashboard did not read it.`,
  );
}

export class TroveHttp {
  /** Upstream calls made, retries included (the admin overview reports it). */
  calls = 0;
  /** Wall time spent waiting on Trove, for the Server-Timing header. */
  upstreamMs = 0;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(private readonly options: TroveHttpOptions) {
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 150;
  }

  get endpoint(): string {
    return this.options.endpoint;
  }

  /** The token this client sends: reads made with the same token may share one upstream call. */
  get token(): string {
    return this.options.token;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  url(path: string, query?: Query | URLSearchParams): string {
    const url = new URL(this.options.endpoint + path);
    if (query instanceof URLSearchParams) {
      url.search = query.toString();
    } else if (query) {
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    }
    return url.toString();
  }

  async request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    const attempts = spec.method === "GET" ? 1 + this.retries : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 3 ** (attempt - 1) * (0.75 + Math.random() / 2));
      try {
        return await this.once(spec);
      } catch (error) {
        lastError = error;
        const retryable =
          error instanceof UpstreamError && (error.kind === "unavailable" || error.kind === "timeout" || error.kind === "server-error");
        if (!retryable) throw error;
      }
    }
    throw lastError;
  }

  private async once<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    const headers: Record<string, string> = { "X-Auth-Token": this.options.token, Accept: "application/json" };
    if (spec.body !== undefined) headers["Content-Type"] = "application/json";
    const write = spec.method !== "GET";
    this.calls++;
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url(spec.path, spec.query), {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(spec.timeoutMs ?? this.options.timeoutMs),
        cache: "no-store",
      });
      const cap = this.options.maxBodyBytes ?? MAX_BODY_BYTES;
      text = await readCapped(res, cap, () => tooLarge(cap));
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      throw this.transportError(error, write, spec.timeoutMs ?? this.options.timeoutMs);
    } finally {
      this.upstreamMs += performance.now() - started;
    }
    if (res.status >= 400) throw this.toError(res.status, text);
    let json: unknown;
    try {
      json = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
      throw new UpstreamError("unexpected", "The database service answered something unexpected (not JSON).", res.status);
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      throw new UpstreamError(
        "unexpected",
        `The database service answered something unexpected${describeIssue(parsed.error)}.`,
        res.status,
      );
    }
    return parsed.data;
  }

  private transportError(error: unknown, write: boolean, timeoutMs: number): UpstreamError {
    if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
      return new UpstreamError(
        "timeout",
        write
          ? `The database service did not answer within ${timeoutMs} ms; the change may or may not have been made. Check before trying again.`
          : `The database service did not answer within ${timeoutMs} ms.`,
        null,
        write,
      );
    }
    const code = (error instanceof Error && (error.cause as NodeJS.ErrnoException | undefined)?.code) || "";
    // A write cut off after it was sent may have happened; one that never connected cannot have.
    const maybeDone = write && !NOT_SENT.has(code);
    return new UpstreamError(
      "unavailable",
      maybeDone
        ? "The connection to the database service broke during the request; the change may or may not have been made. Check before trying again."
        : "The database service (Trove) is not reachable.",
      null,
      maybeDone,
    );
  }

  private toError(status: number, text: string): Error {
    const fault = parseTroveFault(status, text);
    if (status === 401) return new AuthError();
    if (status === 403) return new ForbiddenError(`The database service refused the request: ${fault.message}`);
    if (status === 404) return new NotFoundError(fault.message);
    if (status >= 500)
      return new UpstreamError("server-error", `The database service failed (HTTP ${status}). Try again in a moment.`, status);
    return new UpstreamError("rejected", fault.message, status);
  }

  /**
   * GETs a list and every following page. The next page's marker, limit and filters come from the
   * `links` next href's query, asked of our own endpoint: the href may carry another scheme or host
   * (Trove 18 writes https behind plain http).
   */
  async listAll<T extends z.ZodType>(path: string, key: string, item: T, query?: Query): Promise<z.infer<T>[]> {
    const out: z.infer<T>[] = [];
    for await (const page of this.pages(path, key, item, query)) out.push(...page);
    return out;
  }

  /**
   * The pages of a list, one at a time, so a caller that knows the rest (newest first, already read)
   * can stop early. `pageLimit` is asked of every page after the first (a small first page is a cheap
   * probe). When the next link's marker is an offset (the embedded backend; Trove 18's backups), up
   * to `parallel` pages are asked at once: their markers are known before their answers.
   */
  async *pages<T extends z.ZodType>(
    path: string,
    key: string,
    item: T,
    query?: Query,
    options: { pageLimit?: number; parallel?: number } = {},
  ): AsyncGenerator<z.infer<T>[], void, undefined> {
    const pageSchema = z.object({ [key]: z.array(item), links: linksSchema });
    type Page = Record<string, unknown> & { links?: { rel: string; href: string }[] | null };
    const seen = new Set<string>();
    const maxPages = this.options.maxPages ?? MAX_PAGES;
    const deadlineMs = this.options.listDeadlineMs ?? LIST_DEADLINE_MS;
    const parallel = Math.max(1, options.parallel ?? 1);
    const started = performance.now();
    const fetchPage = (params: Query | URLSearchParams | undefined) =>
      this.request({ method: "GET", path, query: params, schema: pageSchema }) as Promise<Page>;
    let params: Query | URLSearchParams | undefined = query;
    let pages = 0;
    // Set once a link's marker has proved to be an offset: the previous marker plus the items sent.
    let step: number | null = null;
    let offset = 0;
    for (;;) {
      if (pages >= maxPages)
        throw new UpstreamError(
          "unexpected",
          `The database service (Trove) kept sending pages: the dashboard stopped after ${maxPages} pages of one list.`,
        );
      if (pages > 0 && performance.now() - started > deadlineMs) {
        throw new UpstreamError(
          "timeout",
          `The database service (Trove) did not finish one list within ${Math.round(deadlineMs / 1000)} s (${pages} pages read).`,
        );
      }
      const batch = step !== null && parallel > 1 ? offsetBatch(params, step, Math.min(parallel, maxPages - pages)) : [params];
      const answers = batch.map((p) => fetchPage(p));
      // A speculative page past the end may fail or come back empty: only the pages in use count.
      for (const a of answers) a.catch(() => undefined);
      let next: URLSearchParams | null = null;
      for (let i = 0; i < answers.length; i++) {
        const page = await answers[i]!;
        pages++;
        const items = page[key] as z.infer<T>[];
        yield items;
        next = nextPageQuery(page.links);
        if (!next) return;
        const signature = next.toString();
        if (seen.has(signature))
          throw new UpstreamError("unexpected", "The database service answered something unexpected (its pages loop).");
        seen.add(signature);
        const askedLimit = limitOf(batch[i]);
        if (options.pageLimit !== undefined) next.set("limit", String(options.pageLimit));
        const marker = next.get("marker");
        const isOffset = marker !== null && /^\d+$/.test(marker) && Number(marker) === offset + items.length && items.length > 0;
        // A full page at the limit the next pages are asked with tells how many a page holds.
        step = isOffset && askedLimit === limitOf(next) ? items.length : null;
        offset += items.length;
        // The link must point where the next speculative page was asked; else continue from the link.
        const planned = batch[i + 1];
        if (planned instanceof URLSearchParams && (planned.get("marker") !== marker || limitOf(planned) !== limitOf(next))) break;
      }
      params = next ?? undefined;
    }
  }
}

function limitOf(params: Query | URLSearchParams | undefined): string | undefined {
  if (params instanceof URLSearchParams) return params.get("limit") ?? undefined;
  return params?.limit;
}

/**
 * The next `count` pages once the marker has proved to be a plain offset: marker, marker + step, …,
 * where step is what a full page held (the server may cap the limit asked).
 */
function offsetBatch(params: Query | URLSearchParams | undefined, step: number, count: number): (Query | URLSearchParams | undefined)[] {
  if (!(params instanceof URLSearchParams) || count <= 1) return [params];
  const marker = Number(params.get("marker"));
  return Array.from({ length: count }, (_, i) => {
    const p = new URLSearchParams(params);
    p.set("marker", String(marker + i * step));
    return p;
  });
}
