/**
 * One expensive computation per key, shared: requests within `ttlMs` of the last one get its
 * answer, and requests while one is under way join it, even when they ask for a fresh one (a fresh
 * one is exactly what is under way). A failure is forgotten so the next request tries again, but
 * only if no newer computation has replaced it meanwhile.
 */
import "server-only";

interface Entry<T> {
  at: number;
  answer: Promise<T>;
  settled: boolean;
}

export class SharedComputations<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, nowMs: number, fresh: boolean, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && (!hit.settled || (!fresh && nowMs - hit.at < this.ttlMs))) return hit.answer;
    const entry: Entry<T> = { at: nowMs, answer: compute(), settled: false };
    this.entries.set(key, entry);
    entry.answer.then(
      () => (entry.settled = true),
      () => {
        entry.settled = true;
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.answer;
  }
}
