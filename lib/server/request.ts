/**
 * Request-level defences: CSRF (Origin + custom header, on top of SameSite) for every
 * state-changing route, a body size limit, and zod validation with field-level messages.
 */
import "server-only";
import type { z } from "zod";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { CSRF_HEADER, CSRF_VALUE } from "@/lib/api/csrf";
import { readCapped } from "@/lib/read-capped";

export const BODY_LIMIT_BYTES = 16 * 1024;

/** The origins this server answers as: what the browser put in the URL bar. */
function ownOrigins(req: Request, publicOrigin: string | undefined): Set<string> {
  const origins = new Set<string>([new URL(req.url).origin]);
  const host = req.headers.get("host");
  if (host) {
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(req.url).protocol.replace(":", "");
    origins.add(`${proto}://${host}`);
  }
  if (publicOrigin) origins.add(publicOrigin);
  return origins;
}

/**
 * A cross-site form or script cannot send both a matching Origin and a custom header without a
 * CORS preflight, which this server never grants.
 */
export function checkCsrf(req: Request, publicOrigin: string | undefined): void {
  const origin = req.headers.get("origin");
  if (!origin || !ownOrigins(req, publicOrigin).has(origin)) {
    throw new ForbiddenError("Refused: the request did not come from this dashboard (Origin header missing or foreign).", "csrf");
  }
  if (req.headers.get(CSRF_HEADER) !== CSRF_VALUE) {
    throw new ForbiddenError(`Refused: the request lacks the header ${CSRF_HEADER}: ${CSRF_VALUE}.`, "csrf");
  }
}

/**
 * For a GET that costs the cloud real work (the fleet overview's `?refresh=1`): the session cookie
 * is SameSite=Lax, so a cross-site page can make an admin's browser navigate to it, but it cannot
 * add a custom header, and a navigation never carries one.
 */
export function checkCustomHeader(req: Request): void {
  if (req.headers.get(CSRF_HEADER) !== CSRF_VALUE) {
    throw new ForbiddenError(`Refused: a fresh computation needs the header ${CSRF_HEADER}: ${CSRF_VALUE}.`, "csrf");
  }
}

function tooLarge(): ConflictError {
  return new ConflictError(413, "payload_too_large", `The request body is larger than ${BODY_LIMIT_BYTES / 1024} KiB.`);
}

/** Field path → first message, e.g. {"point_in_time": "an ISO 8601 UTC time like …"}. */
export function fieldMessages(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function validate<S extends z.ZodType>(schema: S, value: unknown, what = "The request"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`${what} has invalid fields.`, fieldMessages(parsed.error));
  return parsed.data;
}

/** The query string through `schema`, like a body: a bad parameter is a 400 that names it. Repeated names keep the last. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  return validate(schema, Object.fromEntries(new URL(req.url).searchParams), "The query");
}

export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ConflictError(415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
  }
  const text = await readCapped(req, BODY_LIMIT_BYTES, tooLarge);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
  return validate(schema, value, "The request body");
}
