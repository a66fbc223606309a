export type * from "./types";
export { analyzeRecoverability } from "./analyze";
export { explainPoint } from "./explain";
export { parseTroveTime, formatUtc } from "./time";
