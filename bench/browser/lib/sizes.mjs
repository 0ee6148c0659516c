// Bundle sizes as an app would ship them: esbuild bundles and minifies an
// entry that imports each package's main exports (react and react-dom
// external), then gzip -9 and brotli -q11 as scripts/size.mjs does. The
// wasm is measured on its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { benchDir, root } from "./paths.mjs";

export function compressed(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

/** The entries: what an app imports to get a reconnecting connection or a hook. */
export const entries = [
  {
    name: "@wasmsocket/client",
    kind: "client",
    code: `import { ConnectionManager, MessageHandler, jsonCodec, rawCodec, loadWasm } from "@wasmsocket/client";\nexport default [ConnectionManager, MessageHandler, jsonCodec, rawCodec, loadWasm];`,
    note: "JS only, including the Go wasm_exec glue it imports; the wasm is listed separately",
  },
  {
    name: "partysocket",
    kind: "client",
    code: `import PartySocket, { WebSocket } from "partysocket";\nexport default [PartySocket, WebSocket];`,
  },
  {
    name: "reconnecting-websocket",
    kind: "client",
    code: `import ReconnectingWebSocket from "reconnecting-websocket";\nexport default ReconnectingWebSocket;`,
  },
  {
    name: "socket.io-client",
    kind: "client",
    code: `import { io } from "socket.io-client";\nexport default io;`,
  },
  {
    name: "@wasmsocket/react",
    kind: "react",
    code: `import { useWebSocket, WebSocketProvider, ConnectionStatus } from "@wasmsocket/react";\nexport default [useWebSocket, WebSocketProvider, ConnectionStatus];`,
    note: "includes @wasmsocket/client (its dependency); react external",
  },
  {
    name: "react-use-websocket",
    kind: "react",
    code: `import useWebSocket, { ReadyState } from "react-use-websocket";\nexport default [useWebSocket, ReadyState];`,
    note: "react and react-dom external",
  },
];

export async function measureSizes() {
  const esbuild = await import("esbuild");
  const packages = [];
  for (const e of entries) {
    const r = await esbuild.build({
      stdin: { contents: e.code, resolveDir: join(benchDir, "browser"), loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      external: ["react", "react-dom", "react/jsx-runtime"],
      define: { "process.env.NODE_ENV": '"production"' },
      write: false,
      logLevel: "silent",
    });
    const out = r.outputFiles[0].contents;
    packages.push({ name: e.name, kind: e.kind, entry: e.code, note: e.note ?? null, version: version(e.name), minified: out.length, ...pick(compressed(Buffer.from(out))) });
  }
  const wasmPath = join(root, "js", "dist", "wasmsocket.wasm");
  const wasm = compressed(readFileSync(wasmPath));
  // The glue alone, minified, for the breakdown of @wasmsocket/client's JS.
  const glue = await esbuild.build({ entryPoints: [join(root, "js", "dist", "wasm_exec.mjs")], bundle: true, minify: true, format: "esm", write: false, logLevel: "silent" });
  const glueBytes = Buffer.from(glue.outputFiles[0].contents);
  return { packages, wasm: { file: "js/dist/wasmsocket.wasm", ...wasm }, wasmExecGlue: { minified: glueBytes.length, ...pick(compressed(glueBytes)) } };
}

function pick(c) {
  return { gzip: c.gzip, brotli: c.brotli };
}

function version(name) {
  for (const dir of [join(benchDir, "node_modules", name), join(root, "node_modules", name)]) {
    try {
      return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
    } catch {
      // next
    }
  }
  return null;
}
