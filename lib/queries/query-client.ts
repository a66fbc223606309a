import { QueryClient } from "@tanstack/react-query";
import { ApiFailure } from "./api";

/** Reads retry twice when the failure says retrying may help; writes never retry by themselves. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && error instanceof ApiFailure && error.retryable && error.status !== 401,
      },
      mutations: { retry: false },
    },
  });
}
