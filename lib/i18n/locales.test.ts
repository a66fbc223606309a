import { describe, expect, it } from "vitest";
import { localeFor, negotiateLocale } from "./locales";

describe("negotiateLocale", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["en-GB,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4", "de"],
    ["en;q=0.5,de;q=0.8", "de"],
    ["de-AT", "de"],
    ["DE", "de"],
    ["fr,ja", null],
    ["de;q=0,en;q=0.1", "en"],
    ["*", null],
    ["", null],
  ])("%s → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("keeps the header's order between equal qualities", () => {
    expect(negotiateLocale("de,en")).toBe("de");
    expect(negotiateLocale("en,de")).toBe("en");
  });

  it("ignores a malformed quality instead of failing", () => {
    expect(negotiateLocale("de;q=abc,en")).toBe("de");
  });
});

describe("localeFor", () => {
  it("takes the language chosen in the dashboard over the browser's", () => {
    expect(localeFor("en", "de-DE,de")).toBe("en");
    expect(localeFor("de", "en-US")).toBe("de");
  });

  it("ignores a cookie naming a language the dashboard does not speak", () => {
    expect(localeFor("xx", "de")).toBe("de");
    expect(localeFor("xx", null)).toBe("en");
  });

  it("falls back to English", () => {
    expect(localeFor(null, "ja-JP")).toBe("en");
    expect(localeFor(undefined, undefined)).toBe("en");
  });
});
