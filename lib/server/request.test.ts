import { describe, expect, it } from "vitest";
import { loginRequestSchema } from "@/lib/api/schemas";
import { checkCsrf, readJsonBody } from "./request";

const ORIGIN = "http://127.0.0.1:3000";

function post(headers: Record<string, string>, body: BodyInit | null = "{}"): Request {
  return new Request(`${ORIGIN}/api/x`, { method: "POST", headers: { host: "127.0.0.1:3000", ...headers }, body });
}

describe("checkCsrf", () => {
  const good = { origin: ORIGIN, "x-requested-with": "trove-pitr-dashboard" };

  it("accepts the own origin with the custom header", () => {
    expect(() => checkCsrf(post(good), undefined)).not.toThrow();
  });

  it("accepts the public origin behind a proxy", () => {
    expect(() => checkCsrf(post({ ...good, origin: "https://dash.example.org" }), "https://dash.example.org")).not.toThrow();
  });

  it.each([
    ["no Origin", { "x-requested-with": "trove-pitr-dashboard" }],
    ["a foreign Origin", { ...good, origin: "https://evil.example" }],
    ["Origin null", { ...good, origin: "null" }],
    ["no custom header", { origin: ORIGIN }],
    ["a wrong custom header", { ...good, "x-requested-with": "XMLHttpRequest" }],
  ])("refuses %s with 403 csrf", (_label, headers) => {
    expect(() => checkCsrf(post(headers), undefined)).toThrow(expect.objectContaining({ status: 403, code: "csrf" }));
  });
});

describe("readJsonBody", () => {
  const json = { "content-type": "application/json" };

  it("parses and validates, applying defaults", async () => {
    const body = await readJsonBody(post(json, JSON.stringify({ username: "demo", password: "p", project: "demo" })), loginRequestSchema);
    expect(body).toEqual({ username: "demo", password: "p", project: "demo", domain: "Default" });
  });

  it("names every bad field", async () => {
    await expect(readJsonBody(post(json, JSON.stringify({ username: " ", project: 1 })), loginRequestSchema)).rejects.toMatchObject({
      status: 400,
      extra: { fields: { username: "User name is required", password: expect.any(String), project: expect.any(String) } },
    });
  });

  it("refuses non-JSON content types (415), malformed JSON (400) and bodies over 16 KiB (413)", async () => {
    await expect(readJsonBody(post({ "content-type": "text/plain" }), loginRequestSchema)).rejects.toMatchObject({ status: 415 });
    await expect(readJsonBody(post(json, "{nope"), loginRequestSchema)).rejects.toMatchObject({ status: 400 });
    await expect(readJsonBody(post(json, "x".repeat(17 * 1024)), loginRequestSchema)).rejects.toMatchObject({ status: 413 });
    // A body that lies about its length is cut off while streaming.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(1024));
        c.close();
      },
    });
    const req = new Request(`${ORIGIN}/api/x`, { method: "POST", headers: json, body: stream, duplex: "half" } as RequestInit);
    await expect(readJsonBody(req, loginRequestSchema)).rejects.toMatchObject({ status: 413 });
  });
});
