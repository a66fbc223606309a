import { queryOptions, useQuery } from "@tanstack/react-query";
import { auditListSchema } from "@/lib/api/audit";
import { getJson } from "./api";
import { auditKeys } from "./keys";

/** The newest 500 records: what one screen shows and exports. */
export const auditQuery = () =>
  queryOptions({
    queryKey: auditKeys.trail,
    queryFn: ({ signal }) => getJson("/api/audit?limit=500", auditListSchema, signal),
    refetchInterval: 30_000,
  });

export const useAuditTrail = () => useQuery(auditQuery());
