import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page: controls drawn on the server
 * are shown at once but stay disabled until then, so a date typed or a button pressed before the
 * page's JavaScript runs is not silently lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
