import { defineConfig } from "vitest/config";

// End-to-end: the built demo (build/demo) served by the real test server,
// driven in Debian's headless Chromium through playwright-core.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    environment: "node",
    globalSetup: ["global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
