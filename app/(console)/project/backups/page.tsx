import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BackupsOverview } from "@/components/backups/backups-overview";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { Loading } from "@/components/ui/states";
import { instanceKeys } from "@/lib/queries/keys";
import { listInstances, UPSTREAM_CONCURRENCY } from "@/lib/server/services/instances";
import { timelineOfListed } from "@/lib/server/services/timeline";
import { mapLimit } from "@/lib/server/concurrency";
import { serverState } from "@/lib/server/state";
import { requireSession } from "@/lib/session/require";
import { firstView, FirstViewBoundary, type ServerRead } from "../../prefetched";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("backups") };
}

export default async function BackupsPage() {
  await requireSession("/project/backups");
  const t = await getTranslations("shell");
  const first = await firstView(async ({ trove, env, nowMs }) => {
    // Asked beside the list: the project's newest backup, when unchanged, spares a backup read per instance.
    const [list, newest] = await Promise.all([
      listInstances(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS, withHealth: false }),
      serverState()
        .upstream.projectNewestBackup(trove)
        .catch(() => undefined),
    ]);
    // Every instance's analysis at once (bounded), each a few small reads once its backups are kept.
    const timelines = await mapLimit(list.instances, UPSTREAM_CONCURRENCY, async (i) => {
      try {
        return {
          key: instanceKeys.timeline(i.id),
          value: await timelineOfListed(trove, i.id, nowMs, env.RPO_WARNING_SECONDS, newest),
        };
      } catch {
        return null;
      }
    });
    const reads: ServerRead[] = [{ key: instanceKeys.rows(), read: async () => list }];
    for (const t of timelines) if (t) reads.push({ key: t.key, read: async () => t.value });
    return reads;
  });
  return (
    <>
      <Breadcrumbs items={[{ label: t("project") }, { label: t("database") }, { label: t("backups") }]} />
      <h1 className="mb-4 text-2xl font-semibold">{t("backups")}</h1>
      <FirstViewBoundary first={first} fallback={<Loading what="backups" />}>
        <BackupsOverview />
      </FirstViewBoundary>
    </>
  );
}
