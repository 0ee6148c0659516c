import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cleanup } from "@testing-library/react";
import { loadWasm } from "@wasmsocket/client";
import { afterEach, beforeAll } from "vitest";

// A browser-like WebSocket over the npm package ws (see
// scripts/ws-global.cjs), replacing happy-dom's, and React's act() mode.
createRequire(import.meta.url)("../../scripts/ws-global.cjs");
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Vite rewrites the client's `new URL("./wasmsocket.wasm", import.meta.url)`
// to its dev server's address (what an app wants); these tests have no dev
// server, so they load the module from the file.
// (Built from a path: Vite rewrites any `new URL(literal, import.meta.url)`.)
const wasm = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), "../../js/dist/wasmsocket.wasm"));
beforeAll(() => loadWasm({ wasmUrl: wasm }));
afterEach(() => cleanup());
