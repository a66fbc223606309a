import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { RecoveryOverview } from "@/components/admin/recovery-overview";
import { AuditTrail } from "@/components/audit/audit-trail";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { Loading } from "@/components/ui/states";
import { isAdmin } from "@/lib/domain/roles";
import { requireSession } from "@/lib/session/require";
import { pathWithQuery } from "@/lib/ui/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("recoveryOverview") };
}

export default async function AdminRecoveryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession(pathWithQuery("/admin/recovery-overview", await searchParams));
  const t = await getTranslations("shell");
  const tp = await getTranslations("adminPage");
  return (
    <>
      <Breadcrumbs items={[{ label: t("admin") }, { label: t("recoveryOverview") }]} />
      <h1 className="mb-4 text-2xl font-semibold">{t("recoveryOverview")}</h1>
      {isAdmin(session.roles) ? (
        <Suspense fallback={<Loading what="recoveryOverview" />}>
          <RecoveryOverview />
        </Suspense>
      ) : (
        <div
          role="alert"
          className="rounded border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-semibold">{tp("notAllowed")}</p>
          <p className="mt-1 text-sm">{tp("adminsOnly", { user: session.user.name, project: session.project.name })}</p>
        </div>
      )}
      {isAdmin(session.roles) && (
        <section aria-labelledby="audit-trail" className="mt-6">
          <h2 id="audit-trail" className="mb-2 text-xl font-semibold">
            {tp("auditTrail")}
          </h2>
          <AuditTrail />
        </section>
      )}
    </>
  );
}
