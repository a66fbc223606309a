import { useTranslations } from "next-intl";

/** A project's or user's name; where Keystone gave none, its id, marked as an id. */
export function NameOrId({ name, id, what }: { name: string | null | undefined; id: string; what: "project" | "user" }) {
  const t = useTranslations("nameOrId");
  if (name) return <span title={id}>{name}</span>;
  return (
    <span title={t(`why.${what}`)} data-name-missing="">
      <span className="font-mono text-xs">{id.slice(0, 12)}</span>{" "}
      <span className="rounded bg-slate-200 px-1 text-[10px] tracking-wide text-slate-700 uppercase dark:bg-slate-700 dark:text-slate-200">
        {t("id")}
      </span>
    </span>
  );
}
