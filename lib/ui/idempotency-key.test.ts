import { describe, expect, it } from "vitest";
import { newIdempotencyKey } from "./idempotency-key";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newIdempotencyKey", () => {
  it("makes a v4 UUID where randomUUID is missing (a page served over plain http)", () => {
    // What `crypto` looks like outside a secure context: getRandomValues only.
    const insecure = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) };
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey(insecure)));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(V4);
  });

  it("uses randomUUID where the context has it", () => {
    expect(newIdempotencyKey({ getRandomValues: () => null, randomUUID: () => "00000000-0000-4000-8000-000000000000" })).toBe(
      "00000000-0000-4000-8000-000000000000",
    );
    expect(newIdempotencyKey()).toMatch(V4);
  });
});
