/** Words for previews of the data at a point. Pure: unit-tested. */
import type { PreviewResponse } from "@/lib/api/schemas";
import type { Wording } from "@/lib/i18n/translate";
import { formatIn } from "./time";

type Preview = PreviewResponse["preview"];

/** "at 2026-11-20 11:03:10 GMT+1", or "just before LSN 123 (…)" when the point is a log record. */
export function previewPoint(p: Pick<Preview, "pointInTime" | "lsn">, zone: string, { t, locale }: Wording): string {
  const at = formatIn(p.pointInTime, zone, locale);
  return p.lsn ? t("beforeLsnAt", { lsn: p.lsn, at }) : t("at", { at });
}

/**
 * Two one-value answers side by side in one line — "count: 500 at 11:03:10 GMT+1, 0 at 11:03:12 GMT+1" —
 * or null when the answers are not both single values of the same query.
 */
export function compareSingles(a: Preview, b: Preview, zone: string, { t }: Wording): string | null {
  const single = (p: Preview) => p.columns.length === 1 && p.rows.length === 1;
  if (!single(a) || !single(b) || a.query !== b.query) return null;
  // The clock alone: both answers are of the same day, or the comparison would not be asked for.
  const at = (p: Preview) => (p.lsn ? t("beforeLsn", { lsn: p.lsn }) : t("at", { at: formatIn(p.pointInTime, zone).slice(11) }));
  return `${a.columns[0]}: ${a.rows[0]![0] ?? "NULL"} ${at(a)}, ${b.rows[0]![0] ?? "NULL"} ${at(b)}`;
}
