import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditTrail } from "@/components/audit/audit-trail";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { isAdmin } from "@/lib/domain/roles";
import { requireSession } from "@/lib/session/require";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("activity") };
}

/** The project's audit trail: who restored, recovered or backed up what through the dashboard. */
export default async function ActivityPage() {
  const session = await requireSession("/project/activity");
  const t = await getTranslations("shell");
  const ta = await getTranslations("activityPage");
  return (
    <>
      <Breadcrumbs items={[{ label: t("project") }, { label: t("database") }, { label: t("activity") }]} />
      <h1 className="mb-4 text-2xl font-semibold">{t("activity")}</h1>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        {isAdmin(session.roles) ? ta("introAll") : ta("introProject", { project: session.project.name })}
      </p>
      <AuditTrail />
    </>
  );
}
