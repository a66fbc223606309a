/** Every language's messages, by locale. English is the reference: the parity test holds German to its keys. */
import de from "./messages/de.json";
import en from "./messages/en.json";
import type { Locale } from "./locales";

export type Messages = typeof en;

export const catalogs: Record<Locale, Messages> = { en, de };
