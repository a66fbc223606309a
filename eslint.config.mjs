import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Dependencies point one way (STYLE.md): UI never reaches the upstream clients, and the
// embedded backend shares lib/recovery with the dashboard and nothing else.
const uiMayNotImport = [
  {
    group: ["@/lib/trove/*", "@/lib/keystone/*", "@/lib/session/*", "@/lib/server/*", "@/lib/embedded/*", "@/lib/env"],
    message: "The browser reaches upstream only through /api/*.",
  },
];

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
    files: ["components/**/*.{ts,tsx}", "lib/queries/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: uiMayNotImport }] },
  },
  {
    files: ["lib/embedded/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "!@/lib/recovery", "!@/lib/recovery/*", "@/app/*", "@/components/*"],
              message: "The embedded backend shares only lib/recovery with the dashboard.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/recovery/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "next", "next/*", "@/lib/*", "!@/lib/recovery/*", "node:*"],
              message: "lib/recovery is pure and framework-free.",
            },
          ],
        },
      ],
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
