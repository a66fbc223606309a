import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { InstancesTable } from "@/components/instances/instances-table";
import { requireSession } from "@/lib/session/require";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  await requireSession("/project/instances");
  return (
    <>
      <Breadcrumbs items={[{ label: "Project" }, { label: "Database" }, { label: "Instances" }]} />
      <h1 className="mb-4 text-2xl font-semibold">Instances</h1>
      <InstancesTable />
    </>
  );
}
