// Start-up, one browser profile per repetition: the first load (fresh
// profile, cold HTTP cache) posts its figures to key-cold and then navigates
// to this page again (phase=warm: same profile, warm HTTP cache; the test
// server answers with Cache-Control: no-cache and Last-Modified, so the
// browser revalidates with If-Modified-Since and gets 304s), which posts to
// key-warm.
//
// All times are ms since navigation start (performance.timeOrigin), except
// the *Span figures, which are durations.
import { ConnectionManager, loadTiming, loadWasm, rawCodec } from "@wasmsocket/client";
import { key, now, params, post, wasmUrl, within, wsBase } from "./common.js";

const phase = params.get("phase") ?? "cold";

async function main() {
  const scriptStart = now(); // this module started running
  // As an app would: start loading and connecting at once.
  const load = loadWasm({ wasmUrl });
  const c = new ConnectionManager(`${wsBase}/ws/echo?client=startup`, { codec: rawCodec as never, heartbeat: false });
  let connected = 0;
  c.on("state", (s) => {
    if (s === "connected" && !connected) connected = now();
  });
  await within(Promise.all([load, c.connect()]), 20_000, "wasmsocket connect");
  if (!connected) connected = now();
  const t = loadTiming()!;

  // Plain WebSocket on the same page, for reference: constructor to open.
  const wsStart = now();
  const ws = new WebSocket(`${wsBase}/ws/echo?client=startup-plain`);
  await within(
    new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error("plain WebSocket error"));
    }),
    10_000,
    "plain WebSocket open",
  );
  const wsOpen = now();
  ws.close();
  c.dispose();

  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  const wasmEntry = performance.getEntriesByName(wasmUrl)[0] as PerformanceResourceTiming | undefined;
  const scriptEntry = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/startup.js")) as PerformanceResourceTiming | undefined;
  return {
    phase,
    scriptStart,
    wasmStart: t.start,
    wasmInstantiated: t.instantiated,
    wasmReady: t.ready,
    connected,
    plainOpen: wsOpen,
    // durations
    wasmFetchCompileSpan: t.instantiated - t.start, // download + compile + instantiate
    wasmStartSpan: t.ready - t.instantiated, // Go runtime start until the API is registered
    wasmLoadSpan: t.ready - t.start,
    connectSpan: connected - scriptStart, // first call into the library until connected
    handshakeSpan: connected - t.ready,
    plainOpenSpan: wsOpen - wsStart,
    // what the network did
    navigationType: nav?.type ?? null,
    htmlStatus: nav?.responseStatus ?? null,
    wasmTransferSize: wasmEntry?.transferSize ?? null,
    wasmEncodedSize: wasmEntry?.encodedBodySize ?? null,
    wasmResponseStatus: (wasmEntry as { responseStatus?: number } | undefined)?.responseStatus ?? null,
    wasmFetchSpan: wasmEntry ? wasmEntry.responseEnd - wasmEntry.startTime : null,
    scriptTransferSize: scriptEntry?.transferSize ?? null,
  };
}

main().then(
  async (r) => {
    await post(r, `${key}-${phase}`);
    if (phase === "cold") {
      const next = new URL(location.href);
      next.searchParams.set("phase", "warm");
      location.href = next.href; // a second navigation in the same profile
    }
  },
  (e: unknown) => post({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }, `${key}-${phase}`),
);
