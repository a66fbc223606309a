import { describe, expect, it } from "vitest";
import { clientAddressFor } from "./client-address";

describe("clientAddressFor", () => {
  it("takes the last X-Forwarded-For entry: what the nearest proxy saw", () => {
    expect(clientAddressFor(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.7" }), true)).toEqual({
      value: "10.0.0.7",
      verified: true,
    });
  });

  it("marks it unverified unless a trusted proxy overwrites the header (a client can write its own)", () => {
    expect(clientAddressFor(new Headers({ "x-forwarded-for": "198.51.100.1" }), false)).toEqual({ value: "198.51.100.1", verified: false });
  });

  it("records no address when there is none", () => {
    expect(clientAddressFor(new Headers(), true)).toEqual({ value: null, verified: false });
    expect(clientAddressFor(new Headers({ "x-forwarded-for": " " }), true)).toEqual({ value: null, verified: false });
  });
});
