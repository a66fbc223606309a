/**
 * What each Trove endpoint's GET /extensions said, kept for a few minutes: a cloud does not change
 * its API between two clicks. One per dashboard process (lib/server/state.ts); a client made
 * without one keeps its own.
 */
import type { Capability } from "@/lib/recovery";

export interface Extensions {
  capability: Capability;
  logEvents: boolean;
}

export class CapabilityCache {
  private readonly entries = new Map<string, Extensions & { until: number }>();

  constructor(readonly ttlMs = 5 * 60_000) {}

  get(endpoint: string, nowMs: number): Extensions | null {
    const hit = this.entries.get(endpoint);
    return hit && hit.until > nowMs ? { capability: hit.capability, logEvents: hit.logEvents } : null;
  }

  set(endpoint: string, found: Extensions, nowMs: number): void {
    this.entries.set(endpoint, { ...found, until: nowMs + this.ttlMs });
  }
}
