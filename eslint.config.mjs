import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Dependencies point one way (STYLE.md). The pure layers are fenced by resolved path, so a relative
// import ("../server/…") is caught as surely as an aliased one:
//   lib/recovery ← lib/api ← lib/domain ← lib/ui ← components, lib/queries (browser) ;
//   lib/embedded shares lib/recovery with the dashboard and nothing else.
const appCode = ["./app", "./components"];
const lowerThan = (target, allowed) => ({
  target: `./lib/${target}`,
  from: "./lib",
  except: [target, ...allowed].map((d) => `./${d}`),
  message: `lib/${target} may import only ${[target, ...allowed].map((d) => `lib/${d}`).join(", ")}.`,
});
const pureZones = [
  lowerThan("recovery", []),
  lowerThan("api", ["recovery"]),
  lowerThan("domain", ["api", "recovery"]),
  // The catalogs and their translator are pure; lib/i18n/request.ts (Next's request config) is not.
  lowerThan("ui", ["domain", "api", "recovery", "i18n/translate.ts", "i18n/catalogs.ts", "i18n/locales.ts", "i18n/messages"]),
  lowerThan("i18n", ["env.ts"]),
  lowerThan("embedded", ["recovery"]),
  ...["recovery", "api", "domain", "ui", "embedded"].flatMap((d) =>
    appCode.map((from) => ({ target: `./lib/${d}`, from, message: `lib/${d} never imports pages or components.` })),
  ),
  ...["./components", "./lib/queries"].map((target) => ({
    target,
    from: ["./lib/trove", "./lib/keystone", "./lib/session", "./lib/server", "./lib/embedded", "./lib/env.ts"],
    message: "The browser reaches upstream only through /api/*.",
  })),
];
const frameworkFree = (message) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: ["react", "react-dom", "next", "next/*", "node:*"], message }] }],
});

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "data/**",
      ".tmp/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "public/**",
    ],
  },
  {
    rules: {
      "import/no-restricted-paths": ["error", { zones: pureZones }],
      // Prettier wraps code at 140; what it cannot wrap (comments) is held to the same. Long strings,
      // class lists and SQL stay whole, where a break would only make them harder to search for.
      "max-len": ["error", { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  {
    files: ["lib/recovery/**/*.ts", "lib/api/**/*.ts", "lib/domain/**/*.ts", "lib/ui/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: frameworkFree("lib/recovery, lib/api, lib/domain and lib/ui are pure and framework-free."),
  },
  {
    // Type-aware rules where a mistake is a real bug: a promise nobody awaits (an error lost, a write
    // racing a read), an async function where a callback's result is ignored, a needless cast.
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // A cycle among modules makes their load order decide what is defined: one hid behind the
    // server state object, its status hub and the services it polls with.
    // Reading node_modules' type definitions to follow their imports tripled the lint's time.
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
];

export default config;
