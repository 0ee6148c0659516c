import { createRequire } from "node:module";

// Node 20 has no global WebSocket without a flag: use the browser-like one
// built on ws (see scripts/ws-global.cjs for why "browser-like" matters).
if (typeof globalThis.WebSocket === "undefined") {
  createRequire(import.meta.url)("../../scripts/ws-global.cjs");
}
