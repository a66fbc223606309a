"use client";
import { Button } from "@/components/ui/button";
// A page that failed while rendering keeps the navigation around it and offers to render again;
// the failure's details stay in the server's log, under the digest shown here.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">This page could not be shown.</p>
      <p className="mt-1">
        Something failed on the dashboard&apos;s side while drawing it. Trying again usually helps; if it does not, give your operator this
        reference: {error.digest ?? "none"}.
      </p>
      <Button variant="danger" onClick={reset} className="mt-3 text-sm">
        Try again
      </Button>
    </div>
  );
}
