import type { Metadata } from "next";
import { Suspense } from "react";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { InstancesTable } from "@/components/instances/instances-table";
import { Loading } from "@/components/ui/states";
import { instanceKeys } from "@/lib/queries/keys";
import { listInstances } from "@/lib/server/services/instances";
import { requireSession } from "@/lib/session/require";
import { Prefetched } from "../../prefetched";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  await requireSession("/project/instances");
  return (
    <>
      <Breadcrumbs items={[{ label: "Project" }, { label: "Database" }, { label: "Instances" }]} />
      <h1 className="mb-4 text-2xl font-semibold">Instances</h1>
      <Suspense fallback={<Loading what="instances" />}>
        {/* Rows as soon as Trove's instance list answers; each row's coverage fills in from the browser. */}
        <Prefetched reads={() => [{ key: instanceKeys.rows(), read: ({ trove, env, nowMs }) => listInstances(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS, withHealth: false }) }]}>
          <InstancesTable />
        </Prefetched>
      </Suspense>
    </>
  );
}
