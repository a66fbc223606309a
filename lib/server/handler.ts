/**
 * The one handler wrapper (Horizon's thin JSON proxy behind one decorator): CSRF check for
 * state-changing methods, session lookup, body parsing, then the route's work; every error is
 * mapped once (errors.ts). An upstream 401 ends the session so the UI can send the user to login.
 */
import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { loadEnv, type Env } from "@/lib/env";
import { AuthError, TooManyRequestsError } from "@/lib/domain/errors";
import { clearSession, cookieIsSecure, getSession, type SessionData } from "@/lib/session/session";
import { TroveClient } from "@/lib/trove/client";
import { errorBody, json, logError } from "./errors";
import { checkCsrf, readJsonBody } from "./request";
import { serverState } from "./state";
import { browserOrigin, securityHeaders } from "./security-headers";
import { nowMs } from "@/lib/clock";

type Params = Record<string, string | string[]>;

interface BaseContext<B, P extends Params> {
  req: NextRequest;
  env: Env;
  params: P;
  body: B;
  nowMs: number;
}

export interface SessionContext<B, P extends Params> extends BaseContext<B, P> {
  session: SessionData;
  trove: TroveClient;
}

type NextHandler<P extends Params> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

interface Options<S extends z.ZodType | undefined> {
  body?: S;
}

type BodyOf<S> = S extends z.ZodType ? z.infer<S> : undefined;

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function troveFor(session: SessionData, env: Env): TroveClient {
  return new TroveClient({
    endpoint: session.troveEndpoint,
    token: session.token,
    timeoutMs: env.UPSTREAM_TIMEOUT_MS,
    projectId: session.project.id,
    shared: serverState().store,
    capabilities: serverState().capabilities,
  });
}

/**
 * Every API answer's security headers, set here rather than in proxy.ts: the proxy (Next's
 * middleware) costs each API read a few milliseconds, and an answer needs no nonce.
 */
function withSecurityHeaders(response: Response, req: NextRequest, env: Env): Response {
  const headers = securityHeaders({
    nonce: "",
    secure: cookieIsSecure(env, browserOrigin(req)),
    dev: env.NODE_ENV === "development",
    api: true,
  });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function wrap<S extends z.ZodType | undefined, P extends Params>(
  options: Options<S>,
  run: (base: BaseContext<BodyOf<S>, P>) => Promise<Response>,
): NextHandler<P> {
  return async (req, ctx) => withSecurityHeaders(await answer(req, ctx), req, loadEnv());
  async function answer(req: NextRequest, ctx: { params: Promise<P> }): Promise<Response> {
    try {
      const env = loadEnv();
      if (WRITE_METHODS.has(req.method)) checkCsrf(req, env.DASHBOARD_PUBLIC_ORIGIN);
      const params = ctx?.params !== undefined ? await ctx.params : ({} as P);
      const body = (options.body ? await readJsonBody(req, options.body) : undefined) as BodyOf<S>;
      return await run({ req, env, params, body, nowMs: nowMs() });
    } catch (error) {
      if (error instanceof AuthError) await clearSession();
      const { status, body } = errorBody(error);
      logError(req.method, req.nextUrl.pathname, status, error);
      const retryAfter =
        error instanceof TooManyRequestsError && error.retryAfterSeconds !== null
          ? { "Retry-After": String(error.retryAfterSeconds) }
          : undefined;
      return json(body, status, retryAfter);
    }
  }
}

/** A route that needs no session (login, logout, session probe). */
export function publicRoute<S extends z.ZodType | undefined = undefined, P extends Params = Params>(
  options: Options<S>,
  handler: (ctx: BaseContext<BodyOf<S>, P>) => Promise<Response>,
): NextHandler<P> {
  return wrap(options, handler);
}

/** A route for signed-in users: 401 {error: {code: "unauthenticated"}} without a live session. */
export function sessionRoute<S extends z.ZodType | undefined = undefined, P extends Params = Params>(
  options: Options<S>,
  handler: (ctx: SessionContext<BodyOf<S>, P>) => Promise<Response>,
): NextHandler<P> {
  return wrap(options, async (base) => {
    const started = performance.now();
    const session = await getSession(base.nowMs);
    if (!session) throw new AuthError();
    const trove = troveFor(session, base.env);
    const response = await handler({ ...base, session, trove });
    // Lets operators (and the benchmark) split the answer time between Trove and the dashboard.
    response.headers.set(
      "Server-Timing",
      `app;dur=${(performance.now() - started).toFixed(2)}, upstream;dur=${trove.http.upstreamMs.toFixed(2)}`,
    );
    return response;
  });
}

export { json };
