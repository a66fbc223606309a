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

// A base no real request carries: what resolves to another origin came from a hostile `next`.
const OWN = "http://dashboard.invalid";

/**
 * The sign-in page's `next`, made safe to navigate to: resolved the way the browser will resolve it
 * (which drops tab, CR and LF and reads `\` as `/`, so `/%09/evil.example` means `//evil.example`)
 * and kept only when it stays on this origin. The path is returned normalised with one leading
 * slash, because `/.//evil.example` resolves to the path `//evil.example`, itself protocol-relative.
 */
export function safeNextPath(nextPath: string | null | undefined): string {
  if (!nextPath || !nextPath.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(nextPath, OWN);
  } catch {
    return "/";
  }
  if (url.origin !== OWN) return "/";
  return `${url.pathname.replace(/^\/+/, "/")}${url.search}${url.hash}`;
}

/**
 * The page's URL with some of its query changed (null removes a key), for `history.replaceState`.
 * A screen that keeps its state in the URL changes it that way rather than with the router: the
 * router would render the page again on the server (and read Trove again) for every pick, and the
 * URL alone is what a link or a runbook needs.
 */
export function patchedQuery(pathname: string, search: string, patch: Record<string, string | null>): string {
  const next = new URLSearchParams(search);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  const s = next.toString();
  return s ? `${pathname}?${s}` : pathname;
}
