import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "test/server-only-shim.ts") };

// Integration files each start real servers on fixed-free ports; they run one file at a time via
// --no-file-parallelism in package.json (a per-project fileParallelism is not allowed by vitest 3).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          // The real-cloud suite needs Keystone 22 + Trove 18 running: scripts/real-cloud.sh runs it.
          exclude: ["test/real/**", "**/node_modules/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The genuine Keystone 22 + Trove 18 (scripts/real-cloud.sh starts them first).
        resolve: { alias },
        test: { name: "real", include: ["test/real/**/*.test.ts"], environment: "node", testTimeout: 180_000, hookTimeout: 180_000 },
      },
    ],
  },
});
