import { queryOptions, useQuery } from "@tanstack/react-query";
import { contractSchema, getJson } from "./api";
import { adminKeys } from "./keys";

export const overviewQuery = () =>
  queryOptions({
    queryKey: adminKeys.overview,
    queryFn: ({ signal }) => getJson("/api/admin/recovery-overview", contractSchema("recoveryOverviewSchema"), signal),
    refetchInterval: 60_000,
  });

export const useRecoveryOverview = () => useQuery(overviewQuery());
