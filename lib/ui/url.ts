/** The page's own path and query, rebuilt on the server for the login page's `next`. */
export function pathWithQuery(path: string, query: Record<string, string | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (typeof v === "string") q.set(k, v);
    else if (Array.isArray(v)) for (const x of v) q.append(k, x);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
