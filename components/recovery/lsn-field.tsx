"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { parseLsnInput } from "@/lib/ui/log-events";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/**
 * "Stop just before this LSN": for the operator who found the bad transaction's position in the
 * server log or with pg_waldump. The chosen second still picks the base backup; the restore stops at the LSN.
 */
export function LsnField(props: { lsn: string | null; onLsn(lsn: string | null): void }) {
  const t = useTranslations("lsn");
  const [text, setText] = useState(props.lsn ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setProblem(null);
      props.onLsn(null);
      return;
    }
    const lsn = parseLsnInput(text);
    setProblem(lsn ? null : t("problem"));
    if (lsn) props.onLsn(lsn);
  };
  return (
    <form onSubmit={submit} className="no-print space-y-1 text-sm">
      <label className="block font-medium">
        {t("label")}
        <span className="mt-1 flex gap-2">
          <Input
            layout="flush"
            mono
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="16/B374D848"
            aria-invalid={problem !== null}
          />
          <Button type="submit" size="sm">
            {t("use")}
          </Button>
        </span>
      </label>
      {problem && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
    </form>
  );
}
