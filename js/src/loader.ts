import { decodeBatch, type RecordSink } from "./wire.js";
import { WsError } from "./errors.js";
import { createInbox } from "./inbox.js";

/** Operation codes of the Go bridge's API function (wasm/bridge/api.go). */
export const Op = {
  SetEmitter: 0,
  Create: 1,
  SetOnline: 2,
  Resume: 3,
  BackoffDelay: 4,
  ShouldRetry: 5,
  Connect: 6,
  Disconnect: 7,
  Dispose: 8,
  Send: 9,
  Queued: 10,
  ClearQueue: 11,
  History: 12,
  ClearHistory: 13,
  Snapshot: 14,
  SetQueueOptions: 15,
} as const;

/** The Go bridge: api(op, ...args). */
export type Api = (op: number, ...args: unknown[]) => unknown;

export interface LoadOptions {
  /**
   * Where the wasm module is. Default: wasmsocket.wasm next to this package's
   * JavaScript, which bundlers such as Vite pick up with no configuration.
   */
  wasmUrl?: string | URL;
}

/** How long loading took, for start-up measurements. */
export interface LoadTiming {
  /** performance.now() when loading began. */
  start: number;
  /** Download and compile finished. */
  instantiated: number;
  /** The Go program registered its API. */
  ready: number;
}

let loading: Promise<Api> | null = null;
let loaded: Api | null = null;
let timing: LoadTiming | null = null;
let sink: RecordSink | null = null;
let memory: WebAssembly.Memory | null = null;

/** The loaded API, or null before loadWasm() finished. */
export function api(): Api | null {
  return loaded;
}

/** How the load went, once it has. */
export function loadTiming(): LoadTiming | null {
  return timing;
}

/** The size of the Go module's linear memory in bytes (0 before loading): for memory measurements. */
export function wasmMemoryBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}

/** Where decoded records go: set once by the connection registry. */
export function setSink(s: RecordSink): void {
  sink = s;
}

/**
 * Loads and starts the Go module, once per page however often it is called
 * (the first call's options win). Importing the package does nothing; the
 * first connection calls this. Rejects with ERR_WASM_LOAD.
 */
export function loadWasm(options: LoadOptions = {}): Promise<void> {
  loading ??= instantiate(options.wasmUrl ?? new URL("./wasmsocket.wasm", import.meta.url)).catch((cause) => {
    loading = null; // a later call may try again (the network may be back)
    throw cause instanceof WsError ? cause : new WsError("ERR_WASM_LOAD", `could not load the wasmsocket module: ${(cause as Error)?.message ?? cause}`, { cause });
  });
  return loading.then(() => undefined);
}

async function instantiate(url: string | URL): Promise<Api> {
  const start = performance.now();
  const { Go, shim } = await import("./wasm_exec.mjs");
  const go = new Go();
  shim.wasmsocketInbox = createInbox;
  const ready = new Promise<Api>((resolve) => {
    shim.wasmsocketReady = (a: Api) => {
      delete shim.wasmsocketReady;
      resolve(a);
    };
  });
  const instance = await compile(url, go.importObject);
  const instantiated = performance.now();
  memory = (instance.exports.mem as WebAssembly.Memory | undefined) ?? null;
  const exited = go.run(instance).then(() => {
    throw new Error("the Go program exited");
  });
  const raw = await Promise.race([ready, exited]);
  // Go delivers events from its goroutines, which run before a call into Go
  // returns; so events could fire inside send() or disconnect(). Batches
  // that arrive during a call wait for a microtask instead: listeners never
  // run inside the caller's own call, and order is kept.
  let depth = 0;
  const deferred: Uint8Array[] = [];
  const drain = () => {
    while (deferred.length > 0) {
      const b = deferred.shift()!;
      if (sink) decodeBatch(b, b.length, sink);
    }
  };
  raw(Op.SetEmitter, (buf: Uint8Array, n: number) => {
    if (depth > 0) {
      if (deferred.length === 0) queueMicrotask(drain);
      deferred.push(buf.slice(0, n));
      return;
    }
    drain();
    if (sink) decodeBatch(buf, n, sink);
  });
  const a: Api = (op, ...args) => {
    depth++;
    try {
      return raw(op, ...args);
    } finally {
      depth--;
    }
  };
  timing = { start, instantiated, ready: performance.now() };
  loaded = a;
  return a;
}

async function compile(url: string | URL, imports: WebAssembly.Imports): Promise<WebAssembly.Instance> {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const u = url instanceof URL ? url : new URL(url, base);
  if (u.protocol === "file:") {
    // Node: fetch cannot read files. A variable specifier keeps bundlers
    // from trying to include node:fs in browser builds.
    const fsModule = "node:fs/promises";
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof import("node:fs/promises");
    return (await WebAssembly.instantiate(await readFile(u), imports)).instance;
  }
  const resp = await fetch(u);
  if (!resp.ok) throw new WsError("ERR_WASM_LOAD", `could not load the wasmsocket module from ${u.href}: HTTP ${resp.status}`);
  if (typeof WebAssembly.instantiateStreaming === "function") {
    try {
      return (await WebAssembly.instantiateStreaming(resp.clone(), imports)).instance;
    } catch (err) {
      // A server that does not send application/wasm: compile from bytes.
      if (!(err instanceof TypeError)) throw err;
    }
  }
  return (await WebAssembly.instantiate(await resp.arrayBuffer(), imports)).instance;
}
