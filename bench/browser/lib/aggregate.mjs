// Turns the pages' raw runs into browser.json: medians, ratios against a
// plain WebSocket measured in the same run, targets and whether they are met.
// The raw runs are kept as they came.

export function median(xs) {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** {median, runs} of one field over runs (missing runs are null). */
function stat(runs, get) {
  const values = runs.map((r) => {
    try {
      const v = get(r);
      return typeof v === "number" && Number.isFinite(v) ? v : null;
    } catch {
      return null;
    }
  });
  return { median: median(values), runs: values };
}

const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const round = (x, d = 3) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

export const libraries = [
  { id: "websocket", label: "WebSocket (plain)", server: "Go test server", baseline: null },
  { id: "wasmsocket", label: "@wasmsocket/client", server: "Go test server", baseline: "websocket" },
  { id: "partysocket", label: "partysocket", server: "Go test server", baseline: "websocket" },
  { id: "websocket-node", label: "WebSocket (plain), Node ws server", server: "Node (ws)", baseline: "websocket" },
  { id: "socket.io", label: "socket.io-client", server: "Node (socket.io)", baseline: "websocket-node" },
];

export const reactVariants = [
  { id: "@wasmsocket/react", label: "@wasmsocket/react useWebSocket", observedVia: "onMessage calls" },
  { id: "react-use-websocket", label: "react-use-websocket", observedVia: "distinct lastMessage values" },
  { id: "hand-written", label: "hand-written useEffect/useState (plain WebSocket)", observedVia: "setState(prev => …) updater count" },
];

export function aggregate({ raw, config, sizes, machine, source = null, command, quick, durationSeconds }) {
  const errors = [];
  const noteErrors = (where, r) => {
    if (!r) return errors.push(`${where}: no result`);
    if (r.error) errors.push(`${where}: ${r.error.split("\n")[0]}`);
  };

  // ---- transport ----
  const tr = raw.transport;
  tr.forEach((r, i) => {
    noteErrors(`transport rep ${i + 1}`, r);
    for (const [test, libs] of Object.entries(r?.results ?? {})) {
      for (const [lib, v] of Object.entries(libs)) if (v?.error) errors.push(`transport rep ${i + 1} ${test} ${lib}: ${v.error}`);
    }
  });
  const field = (test, lib, f) => stat(tr, (r) => r.results[test][lib][f]);
  const throughput = (test) => {
    const out = {};
    for (const l of libraries) out[l.id] = { ...field(test, l.id, "rate"), ms: field(test, l.id, "ms") };
    for (const l of libraries) {
      out[l.id].ratio = l.baseline ? round(ratio(out[l.id].median, out[l.baseline].median)) : 1;
      out[l.id].ratioVsGoPlain = round(ratio(out[l.id].median, out.websocket.median));
      // The same ratio per repetition (both measured in the same page load).
      out[l.id].pairedRatios = tr.map((r) => round(ratio(r?.results?.[test]?.[l.id]?.rate, r?.results?.[test]?.[l.baseline ?? "websocket"]?.rate)));
    }
    return out;
  };
  const receive = config.sizes.map((size) => ({ size, messages: config.messages, results: throughput(`receive${size}`) }));
  const sendResults = throughput("send32");
  for (const l of libraries) {
    sendResults[l.id].loopMs = field("send32", l.id, "loopMs");
    sendResults[l.id].delivered = field("send32", l.id, "delivered").runs;
    sendResults[l.id].rejected = field("send32", l.id, "rejected").runs;
  }
  const rtt = {};
  for (const l of libraries) {
    rtt[l.id] = { p50: field("rtt", l.id, "p50"), p99: field("rtt", l.id, "p99"), mean: field("rtt", l.id, "mean") };
  }
  for (const l of libraries) {
    const base = rtt[l.baseline ?? "websocket"];
    rtt[l.id].ratioP50 = round(ratio(rtt[l.id].p50.median, base.p50.median));
    rtt[l.id].ratioP99 = round(ratio(rtt[l.id].p99.median, base.p99.median));
    rtt[l.id].ratioMean = round(ratio(rtt[l.id].mean.median, base.mean.median));
  }

  // ---- react ----
  raw.react.forEach((r, i) => {
    noteErrors(`react rep ${i + 1}`, r);
    for (const [v, x] of Object.entries(r?.results ?? {})) if (x?.error) errors.push(`react rep ${i + 1} ${v}: ${x.error}`);
  });
  const react = {};
  for (const v of reactVariants) {
    const f = (k) => stat(raw.react, (r) => r.results[v.id][k]);
    react[v.id] = {
      deliveredPerSec: f("deliveredPerSec"),
      rendersPerSec: f("rendersPerSec"),
      observed: f("observed"),
      lost: f("lost"),
      renders: f("renders"),
      framesPerSec: f("framesPerSec"),
      rendersPerFrame: f("rendersPerFrame"),
      ms: f("ms"),
    };
  }
  for (const v of reactVariants) {
    react[v.id].deliveryRatioVsPlain = round(ratio(react[v.id].deliveredPerSec.median, react["hand-written"].deliveredPerSec.median));
    react[v.id].deliveryRatioVsReactUseWebSocket = round(ratio(react[v.id].deliveredPerSec.median, react["react-use-websocket"].deliveredPerSec.median));
    react[v.id].rendersRatioVsPlain = round(ratio(react[v.id].rendersPerSec.median, react["hand-written"].rendersPerSec.median));
  }

  // ---- start-up ----
  raw.startup.forEach((r, i) => {
    noteErrors(`startup rep ${i + 1} cold`, r?.cold);
    noteErrors(`startup rep ${i + 1} warm`, r?.warm);
  });
  const startupFields = ["scriptStart", "wasmInstantiated", "wasmReady", "connected", "wasmFetchCompileSpan", "wasmStartSpan", "wasmLoadSpan", "connectSpan", "handshakeSpan", "plainOpenSpan", "wasmTransferSize"];
  const startup = {};
  for (const phase of ["cold", "warm"]) {
    startup[phase] = {};
    for (const k of startupFields) startup[phase][k] = stat(raw.startup, (r) => r[phase][k]);
    startup[phase].ratioConnectVsPlainOpen = round(ratio(startup[phase].connectSpan.median, startup[phase].plainOpenSpan.median), 1);
  }

  // ---- memory ----
  const memory = { checkpoints: [0, ...config.memoryCheckpoints], runs: config.memoryReps, plainRuns: config.memoryPlainReps };
  for (const lib of ["wasmsocket", "websocket"]) {
    const runs = raw.memory[lib];
    runs.forEach((r, i) => noteErrors(`memory ${lib} rep ${i + 1}`, r));
    memory[lib] = {
      samples: memory.checkpoints.map((m, i) => ({
        messages: m,
        jsHeap: stat(runs, (r) => r.samples[i].jsHeap),
        wasm: stat(runs, (r) => r.samples[i].wasm),
      })),
      baselineJsHeap: stat(runs, (r) => r.before.jsHeap),
      history: runs.map((r) => r?.history ?? null),
      floodMs: stat(runs, (r) => r.floodMs),
    };
  }
  const first = 1; // the sample after the first checkpoint (100,000 messages)
  const last = memory.checkpoints.length - 1;
  const growth = (lib, k) => {
    const s = memory[lib].samples;
    return s[last][k].median == null || s[first][k].median == null ? null : s[last][k].median - s[first][k].median;
  };
  const flatLimit = 1 << 20;
  memory.flatLimitBytes = flatLimit;
  memory.growthAfterFirstCheckpoint = {
    wasmsocketJsHeap: growth("wasmsocket", "jsHeap"),
    wasmsocketWasm: growth("wasmsocket", "wasm"),
    websocketJsHeap: growth("websocket", "jsHeap"),
  };
  // The same growth within each run, to show whether the medians hide a spread.
  memory.growthPerRun = {
    wasmsocketJsHeap: raw.memory.wasmsocket.map((r) => (r?.samples ? r.samples[last].jsHeap - r.samples[first].jsHeap : null)),
    wasmsocketWasm: raw.memory.wasmsocket.map((r) => (r?.samples ? r.samples[last].wasm - r.samples[first].wasm : null)),
  };
  const total = (lib, i) => (memory[lib].samples[i].jsHeap.median ?? 0) + (memory[lib].samples[i].wasm.median ?? 0);
  memory.ratioTotalVsPlain = round(ratio(total("wasmsocket", last), total("websocket", last)), 2);

  // ---- targets ----
  const targets = [];
  const fmt = (x, d = 2) => (x == null ? "n/a" : x.toFixed(d));
  for (const r of receive) {
    const x = r.results.wasmsocket.ratio;
    targets.push({ id: `receive${r.size}`, target: `receive throughput ${r.size === 1024 ? "1 KiB" : `${r.size} B`} ≥ 0.8× plain WebSocket`, measured: `${fmt(x)}×`, value: x, met: x != null && x >= 0.8 });
  }
  {
    const x = react["@wasmsocket/react"].deliveryRatioVsReactUseWebSocket;
    targets.push({ id: "reactDelivery", target: "React delivery ≥ 2× react-use-websocket", measured: `${fmt(x)}×`, value: x, met: x != null && x >= 2 });
    const rpf = react["@wasmsocket/react"].rendersPerFrame.median;
    targets.push({ id: "reactRenders", target: "@wasmsocket/react renders ≤ one per frame", measured: `${fmt(rpf)} renders per frame`, value: rpf, met: rpf != null && rpf <= 1 });
  }
  {
    const c = startup.cold.connected.median;
    const w = startup.warm.connected.median;
    targets.push({ id: "firstLoad", target: "first load to connected ≤ 300 ms (from navigation start)", measured: `${fmt(c, 0)} ms`, value: c, met: c != null && c <= 300 });
    targets.push({ id: "reload", target: "reload to connected ≤ 150 ms (from navigation start)", measured: `${fmt(w, 0)} ms`, value: w, met: w != null && w <= 150 });
  }
  {
    const b = sizes.wasm.brotli;
    targets.push({ id: "wasmSize", target: "wasm ≤ 1.15 MB brotli (1,150,000 bytes)", measured: `${b.toLocaleString("en-US")} bytes`, value: b, met: b <= 1_150_000 });
  }
  {
    const g = memory.growthAfterFirstCheckpoint;
    const n1 = memory.checkpoints[first].toLocaleString("en-US");
    const n2 = memory.checkpoints[last].toLocaleString("en-US");
    const kib = (x) => (x == null ? "n/a" : `${x >= 0 ? "+" : ""}${Math.round(x / 1024).toLocaleString("en-US")} KiB`);
    targets.push({
      id: "memoryFlat",
      target: `memory flat: JS heap and wasm memory each grow ≤ 1 MiB from ${n1} to ${n2} messages`,
      measured: `JS heap ${kib(g.wasmsocketJsHeap)}, wasm ${kib(g.wasmsocketWasm)}`,
      value: Math.max(g.wasmsocketJsHeap ?? Infinity, g.wasmsocketWasm ?? Infinity),
      met: g.wasmsocketJsHeap != null && g.wasmsocketWasm != null && g.wasmsocketJsHeap <= flatLimit && g.wasmsocketWasm <= flatLimit,
    });
  }

  // CPU that other processes (or the hypervisor) took while pages ran.
  // Over the page runs that were kept; discarded (disturbed, re-run) ones are counted apart.
  const kept = (raw.cpu ?? []).filter((c) => !c.discarded);
  const sum = (k) => Math.round(kept.reduce((a, c) => a + (c?.[k] ?? 0), 0) * 10) / 10;
  const cpu = { busySeconds: sum("busy"), ownSeconds: sum("own"), foreignSeconds: sum("foreign"), stealSeconds: sum("steal"), pages: kept.length, discardedPages: (raw.cpu ?? []).length - kept.length };

  return {
    schema: 1,
    generated: machine.date,
    command,
    quick,
    durationSeconds: Math.round(durationSeconds),
    machine,
    source,
    cpu,
    config: {
      ...config,
      chromium: "launched directly: --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=<fresh temporary directory>; memory pages add --enable-precise-memory-info --js-flags=--expose-gc",
      timerResolutionMs: 0.1,
    },
    libraries,
    reactVariants,
    targets,
    transport: { receive, send: { size: 32, messages: config.sendMessages, results: sendResults }, rtt: { roundTrips: config.roundTrips, warmup: config.warmup, results: rtt } },
    react: { messages: config.reactMessages, size: 32, results: react },
    startup,
    memory,
    sizes,
    errors,
    raw,
  };
}
