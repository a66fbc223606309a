export type * from "./types";
export { analyzeRecoverability } from "./analyze";
export { explainPoint } from "./explain";
export { parseTroveTime, tryParseTroveTime, formatUtc } from "./time";
export { compareLsn, canonicalLsn, isLsn } from "./lsn";
