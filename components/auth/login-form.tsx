"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { sessionSchema } from "@/lib/api/schemas";
import { ApiFailure, postJson } from "@/lib/queries/api";
import { useErrorMessage } from "@/components/ui/use-error-message";
import { safeNextPath } from "@/lib/ui/url";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations("login");
  const errorMessage = useErrorMessage();
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
      setError(err instanceof ApiFailure ? errorMessage(err) : t("failed"));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-3" noValidate>
      <label className="block text-sm font-medium">
        {t("username")}
        <Input size="lg" name="username" autoComplete="username" required />
      </label>
      <label className="block text-sm font-medium">
        {t("password")}
        <Input size="lg" name="password" type="password" autoComplete="current-password" required />
      </label>
      <label className="block text-sm font-medium">
        {t("project")}
        <Input size="lg" name="project" required />
      </label>
      <label className="block text-sm font-medium">
        {t("domain")}
        <Input size="lg" name="domain" defaultValue="Default" />
      </label>
      {error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" size="lg" weight="semibold" wide disabled={busy}>
        {busy ? t("signingIn") : t("submit")}
      </Button>
    </form>
  );
}
