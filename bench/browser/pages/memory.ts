// Memory after many received messages (32 B), one repetition per page
// load: the server floods in steps up to each checkpoint; at each one, with
// the connection idle, the page forces garbage collection (Chromium runs with
// --js-flags=--expose-gc) and samples the JS heap
// (performance.memory.usedJSHeapSize, precise with
// --enable-precise-memory-info) and the wasm linear memory.
//
// lib=wasmsocket: @wasmsocket/client with maxHistorySize 100.
// lib=websocket: a plain WebSocket keeping its last 100 messages in an
// array, the same history, for reference.
//
// Query: key, lib, at (checkpoints, e.g. 100000,250000,500000,1000000).
import { ConnectionManager, loadWasm, rawCodec, wasmMemoryBytes } from "@wasmsocket/client";
import { deferred, log, now, params, run, sleep, within, wasmUrl, wsBase } from "./common.js";

const g = globalThis as unknown as { gc?: () => void };
const perf = performance as unknown as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } };

interface Sample {
  messages: number;
  jsHeap: number;
  jsHeapTotal: number;
  wasm: number;
  atMs: number;
}

async function sample(messages: number): Promise<Sample> {
  // Let queued tasks and microtasks finish, then collect twice (the first
  // pass can leave garbage that only a second one frees, e.g. weak refs).
  await sleep(100);
  g.gc!();
  await sleep(50);
  g.gc!();
  return {
    messages,
    jsHeap: perf.memory!.usedJSHeapSize,
    jsHeapTotal: perf.memory!.totalJSHeapSize,
    wasm: wasmMemoryBytes(),
    atMs: now(),
  };
}

interface Flooder {
  open(): Promise<void>;
  flood(count: number, onMessage: () => void): void;
  history(): number;
  close(): void;
}

function wasmsocket(): Flooder {
  let c: ConnectionManager<unknown, string>;
  let handler = () => {};
  return {
    async open() {
      await loadWasm({ wasmUrl });
      c = new ConnectionManager<unknown, string>(`${wsBase}/ws/echo?client=memory-wasm`, { codec: rawCodec as never, heartbeat: false, maxHistorySize: 100 });
      c.on("message", () => handler());
      await c.connect();
    },
    flood(count, onMessage) {
      handler = onMessage;
      c.send(JSON.stringify({ type: "flood", count, size: 32 }));
    },
    history: () => c.getHistory().length,
    close: () => c.dispose(),
  };
}

function plain(): Flooder {
  let ws: WebSocket;
  let handler = () => {};
  const last: unknown[] = [];
  return {
    open() {
      ws = new WebSocket(`${wsBase}/ws/echo?client=memory-plain`);
      ws.onmessage = (e) => {
        last.push(e.data);
        if (last.length > 100) last.shift();
        handler();
      };
      return new Promise((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error("WebSocket error"));
      });
    },
    flood(count, onMessage) {
      handler = onMessage;
      ws.send(JSON.stringify({ type: "flood", count, size: 32 }));
    },
    history: () => last.length,
    close: () => ws.close(),
  };
}

run(async () => {
  if (!g.gc || !perf.memory) throw new Error("needs Chromium flags --js-flags=--expose-gc and --enable-precise-memory-info");
  const lib = params.get("lib") ?? "wasmsocket";
  const at = (params.get("at") ?? "100000,250000,500000,1000000").split(",").map(Number);
  const f = lib === "websocket" ? plain() : wasmsocket();
  const before = await sample(0); // the page, before the library did anything
  await within(f.open(), 10_000, "open");
  const samples: Sample[] = [await sample(0)];
  let received = 0;
  const t0 = now();
  for (const target of at) {
    const count = target - received;
    const done = deferred<void>();
    let got = 0;
    f.flood(count, () => {
      if (++got === count) done.resolve();
    });
    await within(done.promise, 300_000, `flood to ${target} (got ${got} of ${count})`);
    received = target;
    samples.push(await sample(received));
    log(`${lib} ${received}: heap ${samples.at(-1)!.jsHeap} wasm ${samples.at(-1)!.wasm}`);
  }
  const elapsed = now() - t0;
  const history = f.history();
  f.close();
  return { lib, before, samples, history, floodMs: elapsed };
});
