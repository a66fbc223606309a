import type { Metadata } from "next";
import { Suspense } from "react";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { InstancesTable } from "@/components/instances/instances-table";
import { Loading } from "@/components/ui/states";
import { instanceKeys } from "@/lib/queries/keys";
import { listInstances } from "@/lib/server/services/instances";
import { timelinesWithin } from "@/lib/server/services/timeline";
import { requireSession } from "@/lib/session/require";
import { Prefetched, type ServerRead } from "../../prefetched";

export const metadata: Metadata = { title: "Instances" };

/**
 * How long the rows may wait, once Trove's instance list has answered, for coverage read on the
 * server: from kept backups it takes one small read per instance, and drawing it here saves the
 * browser a round trip after the page's JavaScript has run. Coverage not ready by then fills in later.
 */
const COVERAGE_BUDGET_MS = 300;

export default async function InstancesPage() {
  await requireSession("/project/instances");
  return (
    <>
      <Breadcrumbs items={[{ label: "Project" }, { label: "Database" }, { label: "Instances" }]} />
      <h1 className="mb-4 text-2xl font-semibold">Instances</h1>
      <Suspense fallback={<Loading what="instances" />}>
        <Prefetched
          reads={async ({ trove, env, nowMs }) => {
            const list = await listInstances(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS, withHealth: false });
            const timelines = await timelinesWithin(trove, list.instances.map((i) => i.id), nowMs, env.RPO_WARNING_SECONDS, COVERAGE_BUDGET_MS);
            const reads: ServerRead[] = [{ key: instanceKeys.rows(), read: async () => list }];
            for (const [id, timeline] of timelines) reads.push({ key: instanceKeys.timeline(id), read: async () => timeline });
            return reads;
          }}
        >
          <InstancesTable />
        </Prefetched>
      </Suspense>
    </>
  );
}
