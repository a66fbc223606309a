import { afterEach, describe, expect, it, vi } from "vitest";
import type { Instance } from "@/lib/api/schemas";
import { UpstreamError } from "@/lib/domain/errors";
import type { TroveClient } from "@/lib/trove/client";
import { listInstances } from "./instances";
import { recoveryOverview } from "./recovery-overview";

const instance: Instance = {
  id: "i1",
  name: "orders-db",
  status: "ACTIVE",
  tone: "ok",
  datastore: { type: "mysql", version: "8.0" },
  flavorId: null,
  volumeSize: null,
  region: null,
  created: "2026-11-20T10:00:00Z",
  updated: "2026-11-20T10:00:00Z",
  fault: null,
  projectId: "p1",
};

// What an unexpected failure can carry: internals no browser should see.
const internal = new TypeError("Cannot read properties of undefined (reading 'lsn') at /srv/dashboard/.next/server/chunks/123.js");

/** A Trove whose log read fails with `failure`; everything else answers. */
function trove(failure: unknown): TroveClient {
  return {
    http: { calls: 3, endpoint: "http://trove.invalid/v1.0/p1" },
    capability: async () => "pitr",
    listInstances: async () => [instance],
    listAllProjectInstances: async () => [instance],
    listInstanceBackups: async () => [],
    listBackups: async () => [],
    listRecoveries: async () => [],
    listLogSegments: async () => Promise.reject(failure),
  } as unknown as TroveClient;
}

const options = { nowMs: Date.parse("2026-11-21T00:00:00Z"), rpoWarningSeconds: 900 };

describe("a part that failed inside a 200 answer", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows no unexpected error's message in the instance list (logged instead)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const list = await listInstances(trove(internal), { ...options, withHealth: true });
    const summary = list.instances[0]?.health?.summary ?? "";
    expect(summary).toMatch(/^Coverage unknown: /);
    expect(JSON.stringify(list)).not.toContain("/srv/dashboard");
    expect(JSON.stringify(list)).not.toContain("Cannot read properties");
    expect(log).toHaveBeenCalled();
  });

  it("shows no unexpected error's message in the fleet overview", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const overview = await recoveryOverview(trove(internal), options);
    expect(overview.rows[0]?.error).toEqual(expect.any(String));
    expect(JSON.stringify(overview)).not.toContain("/srv/dashboard");
  });

  it("still says what Trove did, in the app's own words", async () => {
    const down = new UpstreamError("unavailable", "The database service (Trove) is not reachable.");
    expect((await listInstances(trove(down), { ...options, withHealth: true })).instances[0]?.health?.summary).toBe(
      "Coverage unknown: The database service (Trove) is not reachable.",
    );
    expect((await recoveryOverview(trove(down), options)).rows[0]?.error).toBe("The database service (Trove) is not reachable.");
  });
});
