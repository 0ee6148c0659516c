// Bundles the benchmark pages with esbuild into build/bench-www, beside a
// copy of js/dist (the wasm and wasm_exec.mjs are fetched from /client/).
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, benchDir } from "./paths.mjs";

export const wwwDir = join(root, "build", "bench-www");
const pagesDir = join(benchDir, "browser", "pages");

/**
 * React and react-dom always come from the root node_modules (React 19), so
 * @wasmsocket/react and react-use-websocket share one React, whatever npm
 * put under bench/node_modules.
 */
export function reactAlias() {
  return {
    react: join(root, "node_modules", "react"),
    "react-dom": join(root, "node_modules", "react-dom"),
    scheduler: join(root, "node_modules", "scheduler"),
  };
}

export async function buildPages() {
  const esbuild = await import("esbuild");
  rmSync(wwwDir, { recursive: true, force: true });
  mkdirSync(wwwDir, { recursive: true });
  cpSync(join(root, "js", "dist"), join(wwwDir, "client"), { recursive: true });
  const pages = readdirSync(pagesDir).filter((f) => /\.tsx?$/.test(f) && !f.startsWith("common"));
  await esbuild.build({
    entryPoints: pages.map((p) => join(pagesDir, p)),
    outdir: wwwDir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    // Production React, as an app ships it.
    define: { "process.env.NODE_ENV": '"production"' },
    alias: reactAlias(),
    nodePaths: [join(benchDir, "node_modules"), join(root, "node_modules")],
    sourcemap: "linked",
    logLevel: "warning",
  });
  for (const p of pages) {
    const name = p.replace(/\.tsx?$/, "");
    writeFileSync(
      join(wwwDir, `${name}.html`),
      `<!doctype html>\n<meta charset="utf-8">\n<title>wasmsocket bench: ${name}</title>\n<div id="root"></div>\n<pre id="out"></pre>\n<script type="module" src="./${name}.js"></script>\n`,
    );
  }
  // A blank page that opens ?next= half a second after it loaded, with the
  // rest of its query: the start-up page's first load then happens in a
  // browser that is already running, with a cold HTTP cache.
  writeFileSync(
    join(wwwDir, "launch.html"),
    `<!doctype html>\n<meta charset="utf-8">\n<title>wasmsocket bench: launch</title>\n<script>\nconst q = new URLSearchParams(location.search);\nconst next = q.get("next");\nq.delete("next");\naddEventListener("load", () => setTimeout(() => location.replace(next + "?" + q), 500));\n</script>\n`,
  );
  return pages.map((p) => p.replace(/\.tsx?$/, ""));
}
