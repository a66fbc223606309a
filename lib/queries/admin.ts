import { queryOptions, useQuery } from "@tanstack/react-query";
import { overviewSchema } from "@/lib/api/schemas";
import { getJson } from "./api";
import { adminKeys } from "./keys";

export const overviewQuery = () =>
  queryOptions({
    queryKey: adminKeys.overview,
    queryFn: ({ signal }) => getJson("/api/admin/overview", overviewSchema, signal),
    refetchInterval: 60_000,
  });

export const useOverview = () => useQuery(overviewQuery());
