"use client";
import { useLocale } from "next-intl";
import { useSyncExternalStore } from "react";
import { browserZone, formatIn } from "@/lib/ui/time";

const subscribe = () => () => {};
/** The browser's zone; "UTC" while rendering on the server, so the first paint never lies. */
export function useBrowserZone(): string {
  return useSyncExternalStore(subscribe, browserZone, () => "UTC");
}

/** A time in the user's zone with UTC beside it, always both. */
export function TimeBoth({ iso, primary = "local" }: { iso: string | null; primary?: "local" | "utc" }) {
  const zone = useBrowserZone();
  const locale = useLocale();
  if (!iso) return <span>—</span>;
  const local = formatIn(iso, zone, locale);
  const utc = formatIn(iso, "UTC", locale);
  const [first, second] = primary === "utc" ? [utc, local] : [local, utc];
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {first}
      {zone !== "UTC" && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">({second})</span>}
    </time>
  );
}
