import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// The React bindings' tests: happy-dom for the DOM, the real wasm client
// (js/dist) and the real Go test server (started by the client's global setup).
//
// REACT=18 runs them again with React 18 (the peer range is 18.2 and 19):
// react, react-dom and @testing-library/react then come from
// react/test/react18, its own npm tree, so that React 18 and 19 never meet.
const react18 = process.env.REACT === "18" ? resolve(import.meta.dirname, "test/react18/node_modules") : null;
const alias = react18
  ? [
      { find: /^react$/, replacement: `${react18}/react/index.js` },
      { find: /^react\/(.+)$/, replacement: `${react18}/react/$1.js` },
      { find: /^react-dom$/, replacement: `${react18}/react-dom/index.js` },
      { find: /^react-dom\/server$/, replacement: `${react18}/react-dom/server.node.js` },
      { find: /^react-dom\/(.+)$/, replacement: `${react18}/react-dom/$1.js` },
      { find: /^@testing-library\/react$/, replacement: `${react18}/@testing-library/react/dist/index.js` },
    ]
  : [];

export default defineConfig({
  resolve: { alias },
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
