/**
 * Runs once when the Next.js server starts (not per request): a misconfigured dashboard (no
 * SESSION_SECRET in production, a malformed OS_AUTH_URL, …) stops at start-up with a message naming
 * every bad variable, instead of failing the first user's request. Root-level because Next.js looks
 * for it only there.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { parseEnv } = await import("./lib/env");
  try {
    parseEnv(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
