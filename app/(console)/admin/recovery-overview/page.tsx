import type { Metadata } from "next";
import { Suspense } from "react";
import { RecoveryOverview } from "@/components/admin/recovery-overview";
import { AuditTrail } from "@/components/audit/audit-trail";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { Loading } from "@/components/ui/states";
import { isAdmin } from "@/lib/domain/roles";
import { requireSession } from "@/lib/session/require";
import { pathWithQuery } from "@/lib/ui/url";

export const metadata: Metadata = { title: "Recovery overview" };

export default async function AdminRecoveryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession(pathWithQuery("/admin/recovery-overview", await searchParams));
  return (
    <>
      <Breadcrumbs items={[{ label: "Admin" }, { label: "Recovery overview" }]} />
      <h1 className="mb-4 text-2xl font-semibold">Recovery overview</h1>
      {isAdmin(session.roles) ? (
        <Suspense fallback={<Loading what="the recovery overview" />}>
          <RecoveryOverview />
        </Suspense>
      ) : (
        <div
          role="alert"
          className="rounded border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-semibold">Not allowed.</p>
          <p className="mt-1 text-sm">
            The recovery overview of every project is for cloud administrators (the admin role). You are signed in as {session.user.name} on
            project {session.project.name}.
          </p>
        </div>
      )}
      {isAdmin(session.roles) && (
        <section aria-labelledby="audit-trail" className="mt-6">
          <h2 id="audit-trail" className="mb-2 text-xl font-semibold">
            Audit trail
          </h2>
          <AuditTrail />
        </section>
      )}
    </>
  );
}
