import type { Metadata } from "next";
import { BackupsOverview } from "@/components/backups-overview";
import { Breadcrumbs } from "@/components/shell/app-shell";
import { requireSession } from "@/lib/session/require";

export const metadata: Metadata = { title: "Backups" };

export default async function BackupsPage() {
  await requireSession("/project/backups");
  return (
    <>
      <Breadcrumbs items={[{ label: "Project" }, { label: "Database" }, { label: "Backups" }]} />
      <h1 className="mb-4 text-2xl font-semibold">Backups</h1>
      <BackupsOverview />
    </>
  );
}
