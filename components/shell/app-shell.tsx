"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState, useSyncExternalStore, type ReactNode } from "react";
import type { Session } from "@/lib/api/schemas";
import { logout } from "@/lib/queries/writes";
import { useBrowserZone } from "@/components/ui/time-both";
import { formatIn } from "@/lib/ui/time";
import { LanguageSwitch } from "./language-switch";
import { Button } from "@/components/ui/button";

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const path = usePathname();
  const active = path === href || path.startsWith(`${href}/`);
  return (
    // No prefetch: for these pages a prefetch renders them on the server, reading Trove for a click that may never come.
    <Link
      href={href}
      prefetch={false}
      aria-current={active ? "page" : undefined}
      className={`block rounded px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${active ? "bg-sky-800 font-semibold text-white" : "text-slate-800 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800"}`}
    >
      {children}
    </Link>
  );
}

function ThemeToggle() {
  const t = useTranslations("shell");
  const [, force] = useState(0);
  const toggle = () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("tpd-theme", next);
    force((n) => n + 1);
  };
  return (
    <Button variant="on-dark" size="sm" onClick={toggle} className="text-sm" aria-label={t("themeLabel")}>
      ◑ {t("theme")}
    </Button>
  );
}

const thisMinute = () => Math.floor(Date.now() / 60_000) * 60_000;

/**
 * The minute printing began while the page is printed (or shown as print media), else null. Read only
 * then: formatting the time in two zones on every page load cost a few milliseconds for a footer
 * that is hidden on screen, and the footer now says when the page was printed, not when it was loaded.
 */
let printedAt: number | null = null;
function watchPrinting(onChange: () => void): () => void {
  const media = window.matchMedia("print");
  const set = (printing: boolean) => {
    const next = printing ? (printedAt ?? thisMinute()) : null;
    if (next === printedAt) return;
    printedAt = next;
    onChange();
  };
  const onMedia = () => set(media.matches);
  const before = () => set(true);
  media.addEventListener("change", onMedia);
  window.addEventListener("beforeprint", before);
  window.addEventListener("afterprint", onMedia);
  set(media.matches);
  return () => {
    media.removeEventListener("change", onMedia);
    window.removeEventListener("beforeprint", before);
    window.removeEventListener("afterprint", onMedia);
  };
}

function PrintFooter() {
  const t = useTranslations("shell");
  const locale = useLocale();
  const zone = useBrowserZone();
  const at = useSyncExternalStore(
    watchPrinting,
    () => printedAt,
    () => null,
  );
  if (at === null) return null;
  return (
    <footer className="print-only mt-6 border-t pt-2 text-xs">
      {t("printed", { local: formatIn(at, zone, locale), utc: formatIn(at, "UTC", locale), zone })}
    </footer>
  );
}

/** Horizon's frame: the project and user on top, the panels on the left, the page in the middle. */
export function AppShell({ session, children }: { session: Session; children: ReactNode }) {
  const t = useTranslations("shell");
  const onLogout = async () => {
    await logout();
    // A full load, not router.push: it drops every cached query and in-memory state of the signed-out
    // user, so the next person at this browser cannot see them.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/login");
  };
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-black"
      >
        {t("skip")}
      </a>
      <header role="banner" className="flex items-center justify-between bg-slate-900 px-4 py-2 text-white">
        <div className="flex items-center gap-4">
          <span className="font-semibold">{t("appName")}</span>
          <span className="rounded bg-slate-700 px-2 py-0.5 text-sm" title={t("projectScope")}>
            {t("projectLabel")} <strong>{session.project.name}</strong>
          </span>
        </div>
        <div className="flex items-center gap-3 text-sm">
          <LanguageSwitch tone="dark" />
          <ThemeToggle />
          <span>
            {session.user.name}{" "}
            <span className="text-slate-300">({session.roles.filter((r) => ["admin", "member", "reader"].includes(r)).join(", ")})</span>
          </span>
          <Button variant="on-dark" size="sm" onClick={onLogout} className="border border-slate-500">
            {t("signOut")}
          </Button>
        </div>
      </header>
      <div className="flex flex-1">
        <nav
          aria-label={t("mainNav")}
          className="w-52 shrink-0 border-r border-slate-200 bg-slate-100 p-3 dark:border-slate-800 dark:bg-slate-900"
        >
          <p className="px-3 pb-1 text-xs font-bold tracking-wide text-slate-600 uppercase dark:text-slate-400">{t("project")}</p>
          <p className="px-3 pb-1 text-xs text-slate-600 dark:text-slate-400">{t("database")}</p>
          <ul className="space-y-1">
            <li>
              <NavLink href="/project/instances">{t("instances")}</NavLink>
            </li>
            <li>
              <NavLink href="/project/backups">{t("backups")}</NavLink>
            </li>
            <li>
              <NavLink href="/project/activity">{t("activity")}</NavLink>
            </li>
          </ul>
          {session.isAdmin && (
            <>
              <p className="mt-4 px-3 pb-1 text-xs font-bold tracking-wide text-slate-600 uppercase dark:text-slate-400">{t("admin")}</p>
              <ul>
                <li>
                  <NavLink href="/admin/recovery-overview">{t("recoveryOverview")}</NavLink>
                </li>
              </ul>
            </>
          )}
        </nav>
        <main id="main" className="min-w-0 flex-1 p-6">
          {children}
          <PrintFooter />
        </main>
      </div>
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  const t = useTranslations("shell");
  return (
    <nav aria-label={t("breadcrumb")} className="mb-3 text-sm text-slate-600 dark:text-slate-400">
      <ol className="flex flex-wrap gap-1">
        {items.map((item, i) => (
          <li key={item.label} className="flex gap-1">
            {i > 0 && <span aria-hidden="true">›</span>}
            {item.href ? (
              // As the panel links: a prefetch would render the page on the server (reading Trove) and hold the network busy.
              <Link href={item.href} prefetch={false} className="underline-offset-2 hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
