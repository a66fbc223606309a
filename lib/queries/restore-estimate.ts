import { queryOptions, useQuery } from "@tanstack/react-query";
import { contractSchema, getJson } from "./api";
import { instanceKeys } from "./keys";

/** What a restore to `point` would lay down and how long earlier restores here took. */
export const restoreFactsQuery = (id: string, point: string) =>
  queryOptions({
    queryKey: [...instanceKeys.detail(id), "restore-estimate", point] as const,
    queryFn: ({ signal }) =>
      getJson(
        `/api/instances/${encodeURIComponent(id)}/restore-estimate?point_in_time=${encodeURIComponent(point)}`,
        contractSchema("restoreFactsSchema"),
        signal,
      ),
    // Each opening asks again: a restore that finished since is part of the next estimate.
    staleTime: 0,
  });

export const useRestoreFacts = (id: string, point: string) => useQuery(restoreFactsQuery(id, point));
