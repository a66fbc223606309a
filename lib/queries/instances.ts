import { queryOptions, useQuery } from "@tanstack/react-query";
import { contractSchema, getJson } from "./api";
import { flavorKeys, instanceKeys, recoveryKeys } from "./keys";

export const instanceRowsQuery = () =>
  queryOptions({
    queryKey: instanceKeys.rows(),
    queryFn: ({ signal }) => getJson("/api/instances?health=0", contractSchema("instanceListSchema"), signal),
    refetchInterval: 30_000,
  });

export const instanceQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.detail(id),
    queryFn: ({ signal }) => getJson(`/api/instances/${encodeURIComponent(id)}`, contractSchema("instanceDetailSchema"), signal),
  });

/** The latest restorable time moves as logs are archived: refetch on a short interval. */
export const timelineQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.timeline(id),
    queryFn: ({ signal }) => getJson(`/api/instances/${encodeURIComponent(id)}/timeline`, contractSchema("timelineResponseSchema"), signal),
    refetchInterval: 15_000,
  });

/** A row's coverage: a few hundred bytes where the whole timeline would be tens of kilobytes. */
export const coverageQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.coverage(id),
    queryFn: ({ signal }) => getJson(`/api/instances/${encodeURIComponent(id)}/coverage`, contractSchema("instanceCoverageSchema"), signal),
    refetchInterval: 30_000,
  });

export const flavorsQuery = () =>
  queryOptions({
    queryKey: flavorKeys.all,
    queryFn: ({ signal }) => getJson("/api/flavors", contractSchema("flavorListSchema"), signal),
    staleTime: 300_000,
  });

export const recoveriesQuery = (instanceId?: string, allProjects = false) =>
  queryOptions({
    queryKey: recoveryKeys.list(instanceId, allProjects),
    queryFn: ({ signal }) => {
      const q = new URLSearchParams();
      if (instanceId) q.set("instance_id", instanceId);
      if (allProjects) q.set("all_projects", "true");
      return getJson(`/api/recoveries?${q.toString()}`, contractSchema("recoveryListSchema"), signal);
    },
  });

export const useInstanceRows = () => useQuery(instanceRowsQuery());
export const useInstance = (id: string) => useQuery(instanceQuery(id));
export const useTimeline = (id: string) => useQuery(timelineQuery(id));
export const useFlavors = () => useQuery(flavorsQuery());
