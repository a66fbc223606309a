import type { Metadata } from "next";
import { AuditTrail } from "@/components/audit/audit-trail";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { isAdmin } from "@/lib/domain/roles";
import { requireSession } from "@/lib/session/require";

export const metadata: Metadata = { title: "Activity" };

/** The project's audit trail: who restored, recovered or backed up what through the dashboard. */
export default async function ActivityPage() {
  const session = await requireSession("/project/activity");
  return (
    <>
      <Breadcrumbs items={[{ label: "Project" }, { label: "Database" }, { label: "Activity" }]} />
      <h1 className="mb-4 text-2xl font-semibold">Activity</h1>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        Restores, in-place recoveries and on-demand backups asked through this dashboard
        {isAdmin(session.roles) ? " in every project" : ` in project ${session.project.name}`}, with who asked, from where and how each
        ended.
      </p>
      <AuditTrail />
    </>
  );
}
