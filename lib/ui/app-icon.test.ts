import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { appIconDataUrl } from "./app-icon";

describe("appIconDataUrl", () => {
  it("is an SVG data URL that decodes to the icon", () => {
    expect(appIconDataUrl.startsWith("data:image/svg+xml,")).toBe(true);
    const svg = decodeURIComponent(appIconDataUrl.slice("data:image/svg+xml,".length));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>/);
    expect(svg).toContain("<title>Database recovery</title>");
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("holds no character that would end an HTML attribute", () => {
    expect(appIconDataUrl).not.toMatch(/["'<> ]/);
  });

  it("is the same picture as public/icon.svg, the file kept for whoever links the icon directly", () => {
    const svg = decodeURIComponent(appIconDataUrl.slice("data:image/svg+xml,".length));
    expect(svg.trim()).toBe(readFileSync(new URL("../../public/icon.svg", import.meta.url), "utf8").trim());
  });
});
