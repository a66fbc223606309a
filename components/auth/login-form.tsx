"use client";
import { useState, type FormEvent } from "react";
import { sessionSchema } from "@/lib/api/schemas";
import { ApiFailure, postJson } from "@/lib/queries/api";
import { safeNextPath } from "@/lib/ui/url";
import { z } from "zod";

const field =
  "mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-950 focus-visible:outline-2 focus-visible:outline-sky-600";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await postJson(
        "/api/auth/login",
        {
          username: form.get("username"),
          password: form.get("password"),
          project: form.get("project"),
          domain: form.get("domain") || "Default",
        },
        z.object({ session: sessionSchema }),
      );
      // Checked again here: this is where the navigation happens, whoever rendered the form.
      window.location.assign(safeNextPath(next));
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : "Sign-in failed. Try again.");
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-3" noValidate>
      <label className="block text-sm font-medium">
        User name
        <input name="username" autoComplete="username" required className={field} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={field} />
      </label>
      <label className="block text-sm font-medium">
        Project
        <input name="project" required className={field} />
      </label>
      <label className="block text-sm font-medium">
        Domain
        <input name="domain" defaultValue="Default" className={field} />
      </label>
      {error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded bg-sky-800 px-3 py-2 font-semibold text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-800 disabled:opacity-60"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
