import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { RecoveryScreen } from "@/components/recovery/recovery-screen";
import { Loading } from "@/components/ui/states";
import { canWrite } from "@/lib/domain/roles";
import { instanceKeys } from "@/lib/queries/keys";
import { describeInstance } from "@/lib/server/services/instances";
import { logEventsOfListed } from "@/lib/server/services/log-events";
import { timelineOfListed } from "@/lib/server/services/timeline";
import { serverState } from "@/lib/server/state";
import { requireSession } from "@/lib/session/require";
import { pathWithQuery } from "@/lib/ui/url";
import { firstView, FirstViewBoundary } from "../../../prefetched";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("instanceRecovery") };
}

export default async function InstancePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const session = await requireSession(pathWithQuery(`/project/instances/${id}`, await searchParams));
  const t = await getTranslations("shell");
  const first = await firstView(({ trove }) => {
    // The project's newest backup, unchanged, vouches for this instance's kept backups (the instances
    // and backups pages ask the same): on Trove 18 it answers in half the time of this instance's own
    // newest backup (~11 against ~22 ms), the read it spares.
    const newest = serverState()
      .upstream.projectNewestBackup(trove)
      .catch(() => undefined);
    return [
      { key: instanceKeys.detail(id), read: ({ trove, nowMs }) => describeInstance(trove, id, nowMs) },
      // The instance read beside it already makes an unknown id a 404: no second instance read here.
      {
        key: instanceKeys.timeline(id),
        read: async ({ trove, env, nowMs }) => timelineOfListed(trove, id, nowMs, env.RPO_WARNING_SECONDS, await newest),
      },
      // Else the browser asks for them once hydrated: one more round trip before the page is complete.
      { key: instanceKeys.logEvents(id), read: ({ trove, nowMs }) => logEventsOfListed(trove, id, nowMs) },
    ];
  });
  return (
    <>
      <Breadcrumbs items={[{ label: t("project") }, { label: t("instances"), href: "/project/instances" }, { label: t("recovery") }]} />
      <FirstViewBoundary first={first} fallback={<Loading what="instance" />}>
        <RecoveryScreen instanceId={id} canWrite={canWrite(session.roles)} />
      </FirstViewBoundary>
    </>
  );
}
