import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nextPageQuery } from "./pagination";

describe("nextPageQuery", () => {
  it("takes marker and limit from Trove 18's https link although the server speaks http", () => {
    const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "backups-limit-2.json"), "utf8")) as {
      response: { links: { rel: string; href: string }[] };
    };
    const next = nextPageQuery(recorded.response.links);
    expect(next?.get("marker")).toBe("2");
    expect(next?.get("limit")).toBe("2");
  });

  it("keeps the filters the link carries", () => {
    const next = nextPageQuery([
      { rel: "next", href: "https://elsewhere:9999/v1.0/p/backups?instance_id=abc&all_projects=true&marker=id-20" },
    ]);
    expect(Object.fromEntries(next ?? [])).toEqual({ instance_id: "abc", all_projects: "true", marker: "id-20" });
  });

  it("accepts a relative href", () => {
    expect(nextPageQuery([{ rel: "next", href: "/v1.0/p/backups?marker=40" }])?.get("marker")).toBe("40");
  });

  it("ends on null, absent or empty links and on links without next", () => {
    expect(nextPageQuery(null)).toBeNull();
    expect(nextPageQuery(undefined)).toBeNull();
    expect(nextPageQuery([])).toBeNull();
    expect(nextPageQuery([{ rel: "self", href: "https://x/backups?marker=1" }])).toBeNull();
  });
});
