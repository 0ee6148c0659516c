// Shared by the benchmark pages. A page runs itself when loaded and POSTs
// its figures to the test server's results mailbox: no automation protocol
// is attached to the browser (CDP slows WebSocket-heavy pages ~2.5x).

export const params = new URLSearchParams(location.search);
export const key = params.get("key") ?? "manual";

export function num(name: string, fallback: number): number {
  const v = params.get(name);
  return v === null || v === "" ? fallback : Number(v);
}

/** ws://host:port of the test server, which also serves this page. */
export const wsBase = location.origin.replace(/^http/, "ws");
/** Where the wasm and wasm_exec.mjs are served (a copy of js/dist). */
export const wasmUrl = new URL("/client/wasmsocket.wasm", location.href).href;

export const now = () => performance.now();

const out = document.getElementById("out");
export function log(line: string): void {
  if (out) out.textContent += line + "\n";
}

export async function post(result: unknown, k = key): Promise<void> {
  const body = JSON.stringify(result);
  for (let i = 0; i < 5; i++) {
    try {
      const r = await fetch(`/control/results?key=${encodeURIComponent(k)}`, { method: "POST", body });
      if (r.ok) return;
    } catch {
      // the server may be busy: retry
    }
    await sleep(200);
  }
}

/** Runs main and posts what it returns, or the error. */
export function run(main: () => Promise<unknown>): void {
  main().then(
    (r) => post(r),
    (e: unknown) => {
      const msg = e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e);
      log(msg);
      return post({ error: msg });
    },
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** p, or a rejection naming what timed out after ms. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

/** The value at quantile q (0..1) of xs, nearest rank. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** A 32-byte text message. */
export const msg32 = "0123456789abcdefghijklmnopqrstuv";

/** Yields to the event loop a few times so the previous test's sockets finish closing. */
export async function settle(ms = 150): Promise<void> {
  await sleep(ms);
}
