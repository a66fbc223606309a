/**
 * The recovery core: what can be recovered, from which base, and why not (trove-api.md,
 * "Recoverable windows"). Pure and synchronous; no clock, no I/O; runs on the server, in the
 * embedded backend and in the browser.
 *
 *   const analysis = analyzeRecoverability({ capability, backups, segments }); // plain JSON data
 *   explainPoint(analysis, "2026-11-20T10:03:17Z");           // browser: verdict, base, window, reasons
 *   const { analysis, archive } = analyzeArchive(input);      // server: the parsed log kept too,
 *   explainPoint(analysis, "2026-11-20T10:03:17Z", archive);  // for the replay range
 *
 * All output times are UTC "YYYY-MM-DDTHH:MM:SSZ"; intervals are closed; LSNs are decimal strings
 * (compare with compareLsn, never as numbers).
 */
export type * from "./types";
export { analyzeRecoverability, analyzeArchive, type RecoveryArchive } from "./analyze";
export { explainPoint } from "./explain";
export { parseTroveTime, tryParseTroveTime, formatUtc } from "./time";
export { compareLsn, canonicalLsn, isLsn } from "./lsn";
