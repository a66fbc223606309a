"use client";
import type { ReactNode } from "react";
import { useHydrated } from "./hydrated";

/**
 * Controls drawn on the server but disabled until React has taken over (see useHydrated). A
 * component of its own so that hydration re-renders only this fieldset: read in the screen around
 * it, the flag made React draw the whole recovery screen a second time right after hydrating.
 */
export function UntilHydrated({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} className="contents">
      {children}
    </fieldset>
  );
}
