/**
 * The one place app errors become HTTP: body {error: {code, message, fields?,
 * retryable?, details?}}. Unknown errors become a bare 500; the log line names the route and the
 * error's class and message, never a stack, a header or a token.
 */
import "server-only";
import { AppError } from "@/lib/domain/errors";
import type { ApiError } from "@/lib/api/schemas";

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorBody(error: unknown): { status: number; body: ApiError } {
  if (error instanceof AppError) {
    const { fields, retryable, details } = error.extra;
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(fields ? { fields } : {}),
          ...(retryable !== undefined ? { retryable } : {}),
          ...(details !== undefined ? { details } : {}),
        },
      },
    };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "The dashboard failed to answer. Try again; if it persists, tell an operator." } },
  };
}

export function logError(method: string, path: string, status: number, error: unknown): void {
  if (status < 500) return;
  // Class names are minified in production builds: the app error's code says more.
  const what =
    error instanceof AppError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : "non-error thrown";
  console.error(`[api] ${method} ${path} -> ${status} ${what.split("\n").join(" | ")}`);
}

/**
 * An error's sentence for a 200 answer that reports one part's failure (an instance's coverage, a
 * fleet row): only app errors, whose messages are written for the user, are shown; anything else
 * is logged and described plainly, as errorBody() makes it a bare 500.
 */
export function partFailure(what: string, error: unknown): string {
  if (error instanceof AppError) return error.message;
  logError("part", what, 500, error);
  return "The dashboard failed to work this out. Try again; if it persists, tell an operator.";
}
