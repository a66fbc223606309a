"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A modal dialog, open while it is rendered: the native <dialog> traps focus, closes on Escape and
 * marks the rest of the page inert. `onClose` fires however it closes.
 */
export function Dialog({ labelledBy, onClose, children }: { labelledBy: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={labelledBy}
      className="m-auto w-full max-w-2xl rounded-lg border border-slate-300 bg-white p-0 text-slate-900 backdrop:bg-slate-900/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      {children}
    </dialog>
  );
}

/** Closes the dialog it is in, as Escape does (so `onClose` runs once, either way). */
export function DialogCancel({ children }: { children: ReactNode }) {
  return (
    <Button variant="quiet" onClick={(e) => e.currentTarget.closest("dialog")?.close()}>
      {children}
    </Button>
  );
}
