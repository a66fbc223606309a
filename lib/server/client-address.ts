/**
 * The client's address for the audit trail. `next start` fills X-Forwarded-For from the socket
 * only when the request has none, so a client talking to it directly can write its own: the last
 * entry is trusted (what the nearest proxy saw) only when TRUST_PROXY says a proxy in front
 * overwrites the header; otherwise it is recorded as unverified.
 */
import "server-only";

export function clientAddressFor(headers: Headers, trustProxy: boolean): { value: string | null; verified: boolean } {
  const last = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || null;
  return { value: last, verified: trustProxy && last !== null };
}
