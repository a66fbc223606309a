/**
 * Trove list pagination (trove-api.md "Lists are paginated"): a page with more carries
 * links: [{rel: "next", href: "https://…/backups?limit=2&marker=2"}]; the last page has none.
 * Only the href's query is trusted; the caller asks its own endpoint.
 */

export function nextPageQuery(links: readonly { rel: string; href: string }[] | null | undefined): URLSearchParams | null {
  const next = links?.find((l) => l.rel === "next");
  if (!next) return null;
  let url: URL;
  try {
    // A relative href resolves against a dummy base: only its query is used.
    url = new URL(next.href, "http://trove.invalid/");
  } catch {
    return null;
  }
  // Without a marker the same page would come back: the caller's loop guard turns that into an error.
  return url.searchParams;
}
