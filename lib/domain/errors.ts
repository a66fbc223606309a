/**
 * The one error model from the clients upward: clients and services throw
 * these; lib/server/handler.ts maps them to HTTP once. Messages are written for the person using
 * the dashboard and never carry a token, a stack or an upstream URL.
 */

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { fields?: Record<string, string>; retryable?: boolean; details?: unknown } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A request the dashboard refuses before doing anything: 400 with field-level messages. */
export class ValidationError extends AppError {
  constructor(message: string, fields?: Record<string, string>) {
    super(400, "invalid_request", message, { fields });
  }
}

/** No session, or the token expired or was revoked (Keystone or Trove said 401). */
export class AuthError extends AppError {
  constructor(message = "Your session has ended. Sign in again.", code = "unauthenticated") {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, code = "forbidden") {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, "not_found", message);
  }
}

/** The chosen point is outside every recovery window: nothing was sent upstream. */
export class PointRefusedError extends AppError {
  constructor(message: string, details: unknown) {
    super(422, "point_not_recoverable", message, { details });
  }
}

/** A well-formed request the dashboard or Trove will not carry out as asked (422 or 409 kinds). */
export class ConflictError extends AppError {
  constructor(status: 409 | 413 | 415 | 422, code: string, message: string, details?: unknown) {
    super(status, code, message, { details });
  }
}

/** The dashboard refuses to do more of something for now (429); `retryAfterSeconds` becomes Retry-After. */
export class TooManyRequestsError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(429, code, message, { retryable: retryAfterSeconds !== null });
  }
}

export type UpstreamKind = "unavailable" | "timeout" | "server-error" | "unexpected" | "rejected";

/**
 * Keystone or Trove could not give a usable answer. `rejected` is a 4xx other than 401/403/404
 * that Trove explained (e.g. a backup already running): 422 with Trove's own sentence.
 * `outcomeUnknown` marks a write whose fate upstream is unknown (timeout after sending).
 */
export class UpstreamError extends AppError {
  constructor(
    readonly kind: UpstreamKind,
    message: string,
    readonly upstreamStatus: number | null = null,
    readonly outcomeUnknown = false,
  ) {
    const status = kind === "timeout" ? 504 : kind === "rejected" ? 422 : 502;
    const code =
      kind === "rejected"
        ? "upstream_rejected"
        : kind === "timeout"
          ? "upstream_timeout"
          : kind === "unexpected"
            ? "upstream_unexpected"
            : "upstream_unavailable";
    super(status, code, message, { retryable: kind !== "rejected" && !outcomeUnknown });
  }
}
