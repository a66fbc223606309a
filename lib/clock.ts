/**
 * The dashboard server's "now". Normally the wall clock; DASHBOARD_NOW pins it (with the embedded
 * backend's EMBEDDED_NOW and EMBEDDED_CLOCK=frozen) so that runbook screenshots come out the same on
 * every run. Read straight from the environment (lib/env validates it at start-up): this is called
 * while pages prerender, where the full configuration is not required.
 */
import "server-only";

let fixed: number | null | undefined;

export function nowMs(): number {
  if (fixed === undefined) {
    const raw = process.env.DASHBOARD_NOW;
    const ms = raw ? Date.parse(raw) : NaN;
    fixed = Number.isNaN(ms) ? null : ms;
  }
  return fixed ?? Date.now();
}
