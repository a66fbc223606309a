/** One hierarchy of query keys, so invalidating an instance refreshes everything about it. */
export const instanceKeys = {
  all: ["instances"] as const,
  /** The list without coverage: Trove's instance list alone, shown before any coverage is known. */
  rows: () => [...instanceKeys.all, "list", "rows"] as const,
  detail: (id: string) => [...instanceKeys.all, "detail", id] as const,
  timeline: (id: string) => [...instanceKeys.all, "detail", id, "timeline"] as const,
  /** The instance list's coverage column: the timeline's health alone, what a row draws. */
  coverage: (id: string) => [...instanceKeys.all, "detail", id, "coverage"] as const,
  logEvents: (id: string) => [...instanceKeys.all, "detail", id, "log-events"] as const,
};
export const adminKeys = { overview: ["admin", "overview"] as const };
export const recoveryKeys = {
  list: (instanceId: string | undefined, allProjects: boolean) => ["recoveries", instanceId ?? "all", allProjects] as const,
};
export const flavorKeys = { all: ["flavors"] as const };
export const auditKeys = { trail: ["audit"] as const };
