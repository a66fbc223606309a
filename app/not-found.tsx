import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

// An unknown address, or an instance this project cannot see: Trove answers both with 404.
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Nothing here</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        This address shows nothing: the page does not exist, or what it names is gone or belongs to another project.
      </p>
      <p className="mt-4">
        <Link href="/project/instances" prefetch={false} className="text-sky-800 underline dark:text-sky-300">
          Back to the instances
        </Link>
      </p>
    </main>
  );
}
