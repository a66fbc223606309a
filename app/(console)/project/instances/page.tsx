import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { InstancesTable } from "@/components/instances/instances-table";
import { Loading } from "@/components/ui/states";
import { instanceKeys } from "@/lib/queries/keys";
import { coverageForRow, listInstances, UPSTREAM_CONCURRENCY } from "@/lib/server/services/instances";
import { limiter } from "@/lib/server/concurrency";
import { serverState } from "@/lib/server/state";
import { requireSession } from "@/lib/session/require";
import { firstView, FirstViewBoundary, type ServerRead } from "../../prefetched";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("instances") };
}

export default async function InstancesPage() {
  await requireSession("/project/instances");
  const t = await getTranslations("shell");
  const first = await firstView(async ({ trove, env, nowMs }) => {
    // Answered within FIRST_VIEW_WAIT_MS (the usual case), rows and coverage go out in one piece.
    // Else the rows are drawn as soon as Trove's instance list answers, and each row's coverage
    // follows in the same response as its analysis ends, so one slow instance delays only its own cell.
    // The project's newest backup (when unchanged it spares a backup read per row) is asked only
    // once the list is in: asked beside it, it slowed the list down on Trove's API (Trove 18: rows
    // ~13 ms later, the whole page no sooner).
    const list = await listInstances(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS, withHealth: false });
    const newest = serverState()
      .upstream.projectNewestBackup(trove)
      .catch(() => undefined);
    const reads: ServerRead[] = [{ key: instanceKeys.rows(), read: async () => list }];
    const gate = limiter(UPSTREAM_CONCURRENCY);
    for (const i of list.instances)
      reads.push({
        key: instanceKeys.coverage(i.id),
        read: async () => {
          const known = await newest;
          return gate(() => coverageForRow(trove, i.id, nowMs, env.RPO_WARNING_SECONDS, known));
        },
        streamed: true,
      });
    return reads;
  });
  return (
    <>
      <Breadcrumbs items={[{ label: t("project") }, { label: t("database") }, { label: t("instances") }]} />
      <h1 className="mb-4 text-2xl font-semibold">{t("instances")}</h1>
      <FirstViewBoundary first={first} fallback={<Loading what="instances" />}>
        <InstancesTable />
      </FirstViewBoundary>
    </>
  );
}
