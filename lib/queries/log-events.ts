import { queryOptions, useQuery } from "@tanstack/react-query";
import { contractSchema, getJson } from "./api";
import { instanceKeys } from "./keys";

/** New destructive commits appear as their segment is archived: refetch now and then. */
export const logEventsQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.logEvents(id),
    queryFn: ({ signal }) =>
      getJson(`/api/instances/${encodeURIComponent(id)}/log-events`, contractSchema("logEventsResponseSchema"), signal),
    refetchInterval: 30_000,
  });

export const useLogEvents = (id: string) => useQuery(logEventsQuery(id));
