import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { catalogs } from "./catalogs";
import { LOCALES } from "./locales";
import { translator } from "./translate";

type Tree = { [key: string]: string | Tree };

/** "a.b.c" → message, for every message of a catalog. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The argument names an ICU message uses ({name}, {count, plural, …} and those inside its options), sorted. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  let i = 0;
  // Reads text until the closing brace of the current level (or the end), collecting arguments.
  const text = (): void => {
    while (i < message.length && message[i] !== "}") {
      if (message[i] === "{") {
        i++;
        argument();
      } else i++;
    }
  };
  const argument = (): void => {
    const head = /^\s*(\w+)\s*(?:,\s*(\w+)\s*)?/.exec(message.slice(i))!;
    names.add(head[1]!);
    i += head[0].length;
    if (message[i] === ",") {
      i++;
      // Options: `key {message}` pairs, each message read like the top level.
      while (i < message.length && message[i] !== "}") {
        if (message[i] === "{") {
          i++;
          text();
          i++;
        } else i++;
      }
    }
    i++;
  };
  text();
  return [...names].sort();
}

const english = flatten(catalogs.en);

describe.each(LOCALES.filter((l) => l !== "en"))("the %s catalog", (locale) => {
  const other = flatten(catalogs[locale]);

  it("has every key the English one has", () => {
    expect([...english.keys()].filter((k) => !other.has(k))).toEqual([]);
  });

  it("has no key the English one lacks (a renamed key left behind)", () => {
    expect([...other.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  it("uses the same arguments in each message, so no value is dropped or asked for in vain", () => {
    const differing = [...english].filter(([k, m]) => other.has(k) && argumentsOf(m).join() !== argumentsOf(other.get(k)!).join());
    expect(differing.map(([k]) => k)).toEqual([]);
  });

  it("leaves no message empty or untranslated placeholder text", () => {
    expect([...other].filter(([, m]) => m.trim() === "").map(([k]) => k)).toEqual([]);
  });
});

describe("every message", () => {
  it.each(LOCALES)("formats in %s with sample values", (locale) => {
    expect(translator(locale, "estimate")("chain", { base: "x", incrementals: 2 })).toMatch(/2/);
    const t = createTranslator({
      locale,
      messages: catalogs[locale],
      onError: (error) => {
        throw error;
      },
    }) as unknown as { markup(key: string, values: Record<string, unknown>): string };
    for (const [key, message] of flatten(catalogs[locale])) {
      const values: Record<string, unknown> = Object.fromEntries(argumentsOf(message).map((a) => [a, 1]));
      // Tags (<strong>…</strong>) are filled by the component; here they pass their text through.
      for (const [, tag] of message.matchAll(/<(\w+)>/g)) values[tag!] = (chunks: string) => chunks;
      expect(() => t.markup(key, values), key).not.toThrow();
    }
  });
});
