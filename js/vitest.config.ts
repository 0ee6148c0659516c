import { defineConfig } from "vitest/config";

// The client's tests run against the real wasm (js/dist, built by
// `make js`) and the real test server (started once by global-setup.ts).
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One wasm instance per test file; files run in parallel workers.
    pool: "forks",
  },
});
