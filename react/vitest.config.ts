import { defineConfig } from "vitest/config";

// The React bindings' tests: happy-dom for the DOM, the real wasm client
// (js/dist) and the real Go test server (started by the client's global setup).
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.tsx"],
    environment: "happy-dom",
    globalSetup: ["../js/test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
  esbuild: { jsx: "automatic" },
});
