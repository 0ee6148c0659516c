// Transport benchmarks, one repetition per page load: receive throughput
// (a server flood of n messages), send throughput (n messages to a sink,
// then a count), and echo round trips; for a plain WebSocket,
// @wasmsocket/client, partysocket, and socket.io-client (against its own
// Node server, beside a plain WebSocket against that same Node process).
//
// Query: key, n (messages), sizes (receive sizes, e.g. 32,1024), rtt
// (round trips), warm (untimed round trips first), sio (http://host:port of
// the Node server), rot (rotates the library order, so no library always
// runs first), libs (optional subset).
import { ConnectionManager, loadWasm, rawCodec, WsError } from "@wasmsocket/client";
import { WebSocket as PartySocketWS } from "partysocket";
import { io } from "socket.io-client";
import { deferred, log, msg32, now, num, params, quantile, run, settle, within, wasmUrl, wsBase } from "./common.js";

/** One client library, at the level of the benchmark's operations. */
interface Adapter {
  open(): Promise<void>;
  /** Asks the server for a flood of count messages of size bytes. */
  flood(count: number, size: number): void;
  /** A 32-byte data message (echoed on echo, counted on the sink). */
  send(text: string): void;
  /** Asks the sink for its count. */
  count(): void;
  /** Every flood or echo message, and (as a number) every count reply. */
  onMessage: (data: unknown) => void;
  onCount: (n: number) => void;
  close(): void;
  /** Sends the library refused (queue full and the like). */
  rejected: number;
}

type Endpoint = "echo" | "sink";
type Factory = (endpoint: Endpoint) => Adapter;

const sioBase = params.get("sio") ?? "";
const nodeWsBase = sioBase.replace(/^http/, "ws");

/** The Go server's text protocol over anything WebSocket-shaped. */
function textProtocol(endpoint: Endpoint, make: () => Pick<WebSocket, "send" | "close" | "addEventListener">, open: (ws: ReturnType<typeof make>) => Promise<void>): Adapter {
  let ws: ReturnType<typeof make>;
  const a: Adapter = {
    rejected: 0,
    onMessage: () => {},
    onCount: () => {},
    async open() {
      ws = make();
      ws.addEventListener("message", (e: MessageEvent) => {
        if (endpoint === "sink") a.onCount(JSON.parse(e.data as string).n as number);
        else a.onMessage(e.data);
      });
      await open(ws);
    },
    flood: (count, size) => ws.send(JSON.stringify({ type: "flood", count, size })),
    send: (text) => ws.send(text),
    count: () => ws.send('{"type":"count"}'),
    close: () => ws.close(),
  };
  return a;
}

function opened(ws: Pick<WebSocket, "addEventListener">): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.addEventListener("open", () => resolve());
    ws.addEventListener("error", () => reject(new Error("WebSocket error before open")));
  });
}

const libraries: Record<string, Factory> = {
  websocket: (ep) => textProtocol(ep, () => new WebSocket(`${wsBase}/ws/${ep}?client=bench-plain`), opened),

  wasmsocket: (ep) => {
    let c: ConnectionManager<unknown, string>;
    const a: Adapter = {
      rejected: 0,
      onMessage: () => {},
      onCount: () => {},
      async open() {
        c = new ConnectionManager<unknown, string>(`${wsBase}/ws/${ep}?client=bench-wasm`, {
          codec: rawCodec as never,
          heartbeat: false,
          maxHistorySize: 0,
          // Room for a whole burst: every send goes through the Go queue.
          bufferSize: 1_000_000,
          maxQueueBytes: 256 << 20,
        });
        c.on("message", (data) => {
          if (ep === "sink") a.onCount(JSON.parse(data as string).n as number);
          else a.onMessage(data);
        });
        await c.connect();
      },
      flood: (count, size) => c.send(JSON.stringify({ type: "flood", count, size })),
      send(text) {
        try {
          c.send(text);
        } catch (e) {
          if (e instanceof WsError) a.rejected++;
          else throw e;
        }
      },
      count: () => c.send('{"type":"count"}'),
      close: () => c.dispose(),
    };
    return a;
  },

  partysocket: (ep) =>
    textProtocol(
      ep,
      () => new PartySocketWS(`${wsBase}/ws/${ep}?client=bench-partysocket`) as unknown as WebSocket,
      opened,
    ),

  "websocket-node": (ep) => textProtocol(ep, () => new WebSocket(`${nodeWsBase}/ws/${ep}`), opened),

  "socket.io": (ep) => {
    let s: ReturnType<typeof io>;
    const a: Adapter = {
      rejected: 0,
      onMessage: () => {},
      onCount: () => {},
      open() {
        s = io(sioBase, { transports: ["websocket"], forceNew: true, reconnection: false });
        s.on("m", (d: unknown) => a.onMessage(d));
        s.on("e", (d: unknown) => a.onMessage(d));
        s.on("count", (n: number) => a.onCount(n));
        return new Promise((resolve, reject) => {
          s.once("connect", () => resolve());
          s.once("connect_error", (e: Error) => reject(e));
        });
      },
      flood: (count, size) => s.emit("flood", { count, size }),
      send: (text) => s.emit(ep === "echo" ? "e" : "d", text),
      count: () => s.emit("count"),
      close: () => s.disconnect(),
    };
    return a;
  },
};

// ---- the measurements ----

interface Receive {
  rate: number; // messages per second
  ms: number;
}

async function receive(make: Factory, n: number, size: number): Promise<Receive> {
  const a = make("echo");
  await within(a.open(), 10_000, "open");
  const done = deferred<number>();
  let got = 0;
  a.onMessage = (data) => {
    if (++got === n) {
      const t = now();
      // The last message must be the flood's last: nothing lost, nothing extra.
      if (typeof data !== "string" || !data.startsWith(`{"seq":${n},`)) done.reject(new Error(`message ${n} is not seq ${n}: ${String(data).slice(0, 40)}`));
      done.resolve(t);
    }
  };
  const t0 = now();
  a.flood(n, size);
  try {
    const t1 = await within(done.promise, 120_000, `receive ${n} x ${size} B (got ${got})`);
    return { rate: n / ((t1 - t0) / 1000), ms: t1 - t0 };
  } finally {
    a.close();
    await settle();
  }
}

interface Send {
  rate: number; // messages per second, until the sink confirmed all
  ms: number;
  /** How long the synchronous send loop itself took. */
  loopMs: number;
  delivered: number;
  rejected: number;
}

async function send(make: Factory, n: number): Promise<Send> {
  const a = make("sink");
  await within(a.open(), 10_000, "open");
  const done = deferred<[number, number]>();
  a.onCount = (c) => done.resolve([now(), c]);
  const t0 = now();
  for (let i = 0; i < n; i++) a.send(msg32);
  const loopMs = now() - t0;
  a.count();
  try {
    const [t1, delivered] = await within(done.promise, 120_000, `send ${n} x 32 B`);
    return { rate: delivered / ((t1 - t0) / 1000), ms: t1 - t0, loopMs, delivered, rejected: a.rejected };
  } finally {
    a.close();
    await settle();
  }
}

interface Rtt {
  p50: number;
  p99: number;
  mean: number;
  samples: number[];
}

async function roundTrips(make: Factory, count: number, warm: number): Promise<Rtt> {
  const a = make("echo");
  await within(a.open(), 10_000, "open");
  let next = deferred<void>();
  a.onMessage = () => next.resolve();
  const samples: number[] = [];
  try {
    for (let i = 0; i < warm + count; i++) {
      next = deferred<void>();
      const t0 = now();
      a.send(msg32);
      await within(next.promise, 10_000, `echo ${i}`);
      if (i >= warm) samples.push(now() - t0);
    }
  } finally {
    a.close();
    await settle();
  }
  return {
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
    samples: samples.map((x) => Math.round(x * 1000) / 1000),
  };
}

run(async () => {
  const n = num("n", 100_000);
  const sendN = num("sendN", n);
  const sizes = (params.get("sizes") ?? "32,1024").split(",").map(Number);
  const rtt = num("rtt", 1000);
  const warm = num("warm", 50);
  const rot = num("rot", 0);
  let names = (params.get("libs") ?? Object.keys(libraries).join(",")).split(",");
  if (!sioBase) names = names.filter((x) => x !== "socket.io" && x !== "websocket-node");
  names = [...names.slice(rot % names.length), ...names.slice(0, rot % names.length)];

  await loadWasm({ wasmUrl });

  const result: Record<string, Record<string, unknown>> = {};
  const record = (test: string, lib: string, v: unknown) => {
    (result[test] ??= {})[lib] = v;
    log(`${test} ${lib}: ${JSON.stringify(v, (k, x) => (k === "samples" ? undefined : x))}`);
  };
  const attempt = async (test: string, lib: string, f: () => Promise<unknown>) => {
    try {
      record(test, lib, await f());
    } catch (e) {
      record(test, lib, { error: e instanceof Error ? e.message : String(e) });
    }
  };
  for (const size of sizes) {
    for (const lib of names) await attempt(`receive${size}`, lib, () => receive(libraries[lib]!, n, size));
  }
  for (const lib of names) await attempt("send32", lib, () => send(libraries[lib]!, sendN));
  for (const lib of names) await attempt("rtt", lib, () => roundTrips(libraries[lib]!, rtt, warm));
  return { order: names, results: result };
});
