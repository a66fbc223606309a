import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { safeNextPath } from "@/lib/ui/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meta"))("signIn") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : null);
  const t = await getTranslations("login");
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="flex items-start justify-between gap-2">
          <h1 className="text-xl font-semibold">{t("title")}</h1>
          <LanguageSwitch />
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{t("intro")}</p>
        {target !== "/" && (
          <p className="mt-3 rounded bg-sky-50 p-2 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-100">{t("continue")}</p>
        )}
        <LoginForm next={target === "/" ? "/project/instances" : target} />
      </div>
    </main>
  );
}
