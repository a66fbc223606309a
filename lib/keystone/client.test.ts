import { describe, expect, it } from "vitest";
import { urlFor } from "./client";
import type { CatalogEntry } from "./schemas";

const catalog: CatalogEntry[] = [
  { type: "identity", endpoints: [{ interface: "public", url: "http://k/v3", region_id: "RegionOne" }] },
  {
    type: "database",
    endpoints: [
      { interface: "public", url: "http://trove-one/v1.0/p1/", region_id: "RegionOne", region: "RegionOne" },
      { interface: "internal", url: "http://trove-int/v1.0/p1", region_id: "RegionOne" },
      { interface: "public", url: "http://trove-two/v1.0/p1", region_id: "RegionTwo" },
    ],
  },
];

describe("urlFor", () => {
  it("picks the database endpoint by interface, dropping a trailing slash", () => {
    expect(urlFor(catalog, "database", "public")).toBe("http://trove-one/v1.0/p1");
    expect(urlFor(catalog, "database", "internal")).toBe("http://trove-int/v1.0/p1");
  });

  it("honours the region", () => {
    expect(urlFor(catalog, "database", "public", "RegionTwo")).toBe("http://trove-two/v1.0/p1");
    expect(urlFor(catalog, "database", "admin", "RegionOne")).toBeNull();
    expect(urlFor(catalog, "database", "public", "Nowhere")).toBeNull();
  });

  it("is null when the cloud offers no database service", () => {
    expect(urlFor(catalog.slice(0, 1), "database", "public")).toBeNull();
  });
});
