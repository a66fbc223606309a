import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { RestoreTracker } from "@/components/restores/restore-tracker";
import { requireSession } from "@/lib/session/require";
import { pathWithQuery } from "@/lib/ui/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("restoreProgress") };
}

export default async function RestorePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; targetId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id, targetId } = await params;
  const query = await searchParams;
  const t = await getTranslations("shell");
  await requireSession(pathWithQuery(`/project/instances/${id}/restores/${targetId}`, query));
  const one = (k: string) => (typeof query[k] === "string" ? query[k] : null);
  // Seconds from the restore dialog's estimate; anything else is no estimate.
  const seconds = (k: string) => {
    const v = Number(one(k));
    return Number.isInteger(v) && v > 0 && v < 10 * 86_400 ? v : null;
  };
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t("project") },
          { label: t("instances"), href: "/project/instances" },
          { label: t("recovery"), href: `/project/instances/${id}` },
          { label: t("restore") },
        ]}
      />
      <RestoreTracker
        targetId={targetId}
        sourceId={id}
        mode={one("mode") === "in-place" ? "in-place" : "new"}
        at={one("at")}
        requested={one("requested")}
        eta={seconds("eta")}
        lateAfter={seconds("late")}
      />
    </>
  );
}
