// Turns Go's wasm_exec.js (a script that sets globals) into an ES module that
// sets none: usage: node scripts/wasm-exec-module.mjs IN OUT
//
// wasm_exec.js adds globalThis.fs, .process and .path stubs where they are
// missing, and globalThis.Go. In a browser a global `process` makes other
// libraries believe they run in Node (and `process.env.X` then throws). So
// the Go program gets its own global object instead, `shim`, whose
// prototype is the real globalThis: Go reads everything through it, and its
// stubs, and the transport's one-shot WebSocket stand-in, stay on the shim.
// Every replacement must match exactly as often as expected, so a change in
// a future wasm_exec.js fails the build instead of half-applying.
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
let src = readFileSync(input, "utf8");

const replacements = [
  [/globalThis\.fs\b/g, "shim.fs", 2],
  [/globalThis\.process\b/g, "shim.process", 2],
  [/globalThis\.path\b/g, "shim.path", 2],
  [/globalThis\.Go = class/g, "shim.Go = class", 1],
  [/(\s)fs\.writeSync\(/g, "$1shim.fs.writeSync(", 1],
  [/^(\s*)globalThis,$/gm, "$1shim,", 1],
  [/\[globalThis, 5\]/g, "[shim, 5]", 1],
];
for (const [pattern, replacement, count] of replacements) {
  const found = src.match(pattern)?.length ?? 0;
  if (found !== count) {
    console.error(`wasm-exec-module: expected ${count} match(es) of ${pattern} in ${input}, found ${found}`);
    process.exit(1);
  }
  src = src.replace(pattern, replacement);
}

writeFileSync(
  output,
  `// Generated from Go's wasm_exec.js by scripts/wasm-exec-module.mjs. Do not edit.
// The Go program's global object: inherits from globalThis, and keeps Go's
// stubs and stand-ins off the page.
const shim = Object.create(globalThis);
${src.replace(/^"use strict";\n/m, "")}
export const Go = shim.Go;
export { shim };
`,
);
