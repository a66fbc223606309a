/** Every word this component shows, in one place. */
const TEXT = {
  noName: "id",
  why: (what: string) => `Keystone did not give this ${what}'s name (it refused, or did not answer): its id is shown.`,
} as const;

/** A project's or user's name; where Keystone gave none, its id, marked as an id. */
export function NameOrId({ name, id, what }: { name: string | null | undefined; id: string; what: "project" | "user" }) {
  if (name) return <span title={id}>{name}</span>;
  return (
    <span title={TEXT.why(what)} data-name-missing="">
      <span className="font-mono text-xs">{id.slice(0, 12)}</span>{" "}
      <span className="rounded bg-slate-200 px-1 text-[10px] tracking-wide text-slate-700 uppercase dark:bg-slate-700 dark:text-slate-200">
        {TEXT.noName}
      </span>
    </span>
  );
}
