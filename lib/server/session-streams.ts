/**
 * The status streams each session has open, so that signing out ends them: a
 * stream outliving its session would keep showing the signed-out user's project, and keep the
 * shared poll asking Trove with a revoked token. Sessions are keyed by a hash of their token, so
 * this map holds no token.
 */
import "server-only";
import { createHash } from "node:crypto";

export function sessionKey(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export class SessionStreams {
  private readonly open = new Map<string, Set<() => void>>();

  /** Streams open across all sessions. */
  get size(): number {
    let n = 0;
    for (const ends of this.open.values()) n += ends.size;
    return n;
  }

  /** Registers a stream's `end`; the answer unregisters it (the stream closed on its own). */
  add(key: string, end: () => void): () => void {
    let ends = this.open.get(key);
    if (!ends) {
      ends = new Set();
      this.open.set(key, ends);
    }
    ends.add(end);
    const own = ends;
    return () => {
      own.delete(end);
      if (own.size === 0 && this.open.get(key) === own) this.open.delete(key);
    };
  }

  /** Ends every stream of one session; answers how many there were. */
  end(key: string): number {
    const ends = this.open.get(key);
    if (!ends) return 0;
    this.open.delete(key);
    const all = [...ends];
    for (const end of all) end();
    return all.length;
  }
}
