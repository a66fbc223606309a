import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("notFound") };
}

// An unknown address, or an instance this project cannot see: Trove answers both with 404.
export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">{t("body")}</p>
      <p className="mt-4">
        <Link href="/project/instances" prefetch={false} className="text-sky-800 underline dark:text-sky-300">
          {t("back")}
        </Link>
      </p>
    </main>
  );
}
