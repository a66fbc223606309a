import Link from "next/link";
import type { ReactNode } from "react";

/**
 * A link to an instance's recovery screen, as every list shows it. Never prefetched: a prefetch renders
 * the recovery screen on the server, which reads Trove for every row a list shows.
 */
export function InstanceLink({
  id,
  weight = "normal",
  mono = false,
  children,
}: {
  id: string;
  weight?: "normal" | "medium";
  mono?: boolean;
  children: ReactNode;
}) {
  const look = `${weight === "medium" ? "font-medium " : ""}${mono ? "font-mono " : ""}text-sky-800 underline-offset-2 hover:underline dark:text-sky-300`;
  return (
    <Link href={`/project/instances/${encodeURIComponent(id)}`} prefetch={false} className={look}>
      {children}
    </Link>
  );
}
