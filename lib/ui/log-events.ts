/** Words and points for the destructive commits found in an instance's log. Pure: unit-tested. */
import type { LogEvent } from "@/lib/api/schemas";
import type { Wording } from "@/lib/i18n/translate";
import { formatUtc } from "@/lib/recovery";

/** "DROP public.orders" / "TRUNCATE shop.cart_items, shop.carts": SQL, the same in every language. */
export function describeEvent(e: Pick<LogEvent, "kind" | "relations">, { t }: Wording): string {
  return `${e.kind === "truncate" ? "TRUNCATE" : "DROP"} ${e.relations.join(", ") || t("aTable")}`;
}

/**
 * The second to validate "just before" against: the commit's own second, floored. A restore to it
 * by time keeps nothing committed after it; by LSN it stops exactly before the commit.
 */
export function secondBefore(e: Pick<LogEvent, "time">): string {
  return formatUtc(Date.parse(e.time));
}

/** The sentence the verdict and the dialog show for a restore that stops just before `e`. */
export function justBeforeSentence(e: Pick<LogEvent, "kind" | "relations" | "xid" | "lsn">, wording: Wording): string {
  const values = { event: describeEvent(e, wording), lsn: e.lsn };
  return e.xid === null ? wording.t("stopsBefore", values) : wording.t("stopsBeforeXid", { ...values, xid: String(e.xid) });
}

/**
 * An LSN as an operator types it: PostgreSQL's `16/B374D848` or the API's decimal `96445012040`.
 * Returns the decimal form, or null when it is neither (or past 64 bits).
 */
export function parseLsnInput(text: string): string | null {
  const t = text.trim();
  const hiLo = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(t);
  const value = hiLo ? (BigInt(`0x${hiLo[1]}`) << 32n) + BigInt(`0x${hiLo[2]}`) : /^\d{1,20}$/.test(t) ? BigInt(t) : null;
  return value !== null && value < 2n ** 64n ? value.toString() : null;
}

/** The sentence for a typed LSN that is not a logged destructive commit. */
export function typedLsnSentence(lsn: string, { t }: Wording): string {
  return t("stopsBeforeLsn", { lsn });
}
