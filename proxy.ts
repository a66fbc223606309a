/**
 * Next.js proxy (the file convention called middleware before Next 16): every page gets the
 * security headers (lib/server/security-headers.ts) and a fresh CSP nonce. The nonce also goes on
 * the request's own CSP header, where Next.js finds it for the scripts it renders. API answers get
 * theirs from the route handler wrapper (lib/server/handler.ts), which every /api route goes
 * through (app/api/[...path] answers the unknown ones): running the proxy there cost each read
 * ~2 ms for headers that need no nonce.
 */
import { NextResponse, type NextRequest } from "next/server";
import { loadEnv } from "@/lib/env";
import { browserOrigin, securityHeaders } from "@/lib/server/security-headers";
import { cookieIsSecure } from "@/lib/session/session";

export function proxy(request: NextRequest): NextResponse {
  const env = loadEnv();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const headers = securityHeaders({
    nonce,
    secure: cookieIsSecure(env, browserOrigin(request)),
    dev: env.NODE_ENV === "development",
    api: false,
  });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static build files are the same for everyone and load nothing further; /api sets its own.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
