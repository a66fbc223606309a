/**
 * The security headers of every answer, as a pure function of the request's
 * kind, a per-request nonce and whether the deployment is Secure; proxy.ts applies them to pages,
 * the route wrapper (handler.ts) to API answers.
 * Pages get a nonce-based Content-Security-Policy: Next.js puts the nonce it finds in the
 * request's CSP header on its own scripts, and the root layout puts it on the theme script.
 * Styles allow 'unsafe-inline': recharts and react-day-picker set style attributes, which no nonce
 * can cover (and a nonce in style-src would switch 'unsafe-inline' off).
 */

/** The origin as the browser sees it: behind a proxy, its forwarded scheme and the Host asked for. */
export function browserOrigin(req: Request): string {
  const url = new URL(req.url);
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
  return `${proto}://${req.headers.get("host") ?? url.host}`;
}

export interface HeaderOptions {
  /** A fresh random value per page request. */
  nonce: string;
  /** Cookies are Secure (https): add HSTS and upgrade-insecure-requests. */
  secure: boolean;
  /** next dev needs eval for React's debugging aids; production never does. */
  dev: boolean;
  /** An /api answer: JSON or an event stream, which loads nothing. */
  api: boolean;
}

export function pageCsp(o: Pick<HeaderOptions, "nonce" | "secure" | "dev">): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(o.secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(o: HeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": o.api ? "default-src 'none'; frame-ancestors 'none'" : pageCsp(o),
    // Page URLs name instances and points in time: no other site needs to see them.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    // For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    ...(o.secure ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
