"use client";
import { createContext, useContext, type ReactNode } from "react";

const SentWhole = createContext(false);

/**
 * Whether the page's data went out inside its HTML, all of it (app/(console)/prefetched.tsx). Then
 * the browser's first render draws from the same answers as the server did, and may show them while
 * hydrating. When some answer streams in after the HTML, it can reach the browser before React takes
 * over; drawn in the first render, it would not match the server's HTML.
 */
export function SentWholeProvider({ whole, children }: { whole: boolean; children: ReactNode }) {
  return <SentWhole value={whole}>{children}</SentWhole>;
}

export function useSentWhole(): boolean {
  return useContext(SentWhole);
}
