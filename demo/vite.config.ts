import { defineConfig } from "vite";

// Built into build/demo and served by the test server (`make demo`), so
// the page, the WebSocket and the control API share one origin.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  build: {
    outDir: "../build/demo",
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      onwarn(warning, warn) {
        // "use client" marks the React package for server-component
        // frameworks; a client-only bundle rightly ignores it.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  esbuild: { jsx: "automatic" },
  logLevel: "warn",
});
