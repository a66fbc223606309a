/**
 * Every error shape Trove (and keystonemiddleware in front of it) is known to answer with
 * (trove-api.md "Errors", real-trove/README.md):
 *   1. {"badRequest"|"itemNotFound"|…: {"code": N, "message": "…"}}        Trove's faults
 *   2. {"message": "…", "code": "400 Bad Request", "title": "Bad Request"}  malformed JSON body
 *   3. {"error": {"code": 401, "title": "Unauthorized", "message": "…"}}   keystonemiddleware
 *   4. an HTML page (403 for another project's URL without Accept: json)
 * Anything else still yields a usable sentence from the HTTP status.
 */

export interface TroveFault {
  status: number;
  /** Trove's fault name (badRequest, itemNotFound, …) when it said one. */
  name: string | null;
  message: string;
}

const STATUS_WORDS: Record<number, string> = {
  400: "bad request",
  401: "not authenticated",
  403: "forbidden",
  404: "not found",
  409: "conflict",
  413: "over limit",
  415: "unsupported media type",
  422: "cannot be processed",
  500: "internal error",
  502: "bad gateway",
  503: "unavailable",
  504: "gateway timeout",
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Trove's webob faults append "<br /><br />" and blank lines to messages.
function tidy(message: string): string {
  return message
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 500);
}

function fallback(status: number): string {
  return `Trove answered HTTP ${status} (${STATUS_WORDS[status] ?? "error"})`;
}

export function parseTroveFault(status: number, bodyText: string): TroveFault {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    // Shape 4 (HTML) or plain text: never echo markup to the user.
    return { status, name: null, message: fallback(status) };
  }
  if (!isRecord(json)) return { status, name: null, message: fallback(status) };
  if (typeof json.message === "string" && json.message.trim() !== "") {
    return { status, name: null, message: tidy(json.message) };
  }
  const keys = Object.keys(json);
  if (keys.length === 1) {
    const name = keys[0] as string;
    const inner = json[name];
    if (isRecord(inner) && typeof inner.message === "string") {
      return {
        status,
        name: name === "error" ? (typeof inner.title === "string" ? inner.title : null) : name,
        message: tidy(inner.message) || fallback(status),
      };
    }
  }
  return { status, name: null, message: fallback(status) };
}
