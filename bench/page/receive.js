// Measures itself and POSTs its figures to the test server's results
// mailbox: no automation protocol attached (CDP inflates WebSocket costs).
import { ConnectionManager, rawCodec, loadWasm } from "../client/index.js";

const q = new URLSearchParams(location.search);
const key = q.get("key");
const n = Number(q.get("n") ?? 100000);
const sizes = (q.get("sizes") ?? "32").split(",").map(Number);
const reps = Number(q.get("reps") ?? 5);
const wsBase = location.origin.replace(/^http/, "ws");
const out = document.getElementById("out");

function plain(size) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase}/ws/echo?client=bench-plain`);
    ws.onerror = reject;
    ws.onopen = () => {
      let count = 0;
      let t0 = 0;
      ws.onmessage = () => {
        if (++count === n) {
          const rate = n / ((performance.now() - t0) / 1000);
          ws.close();
          resolve(rate);
        }
      };
      t0 = performance.now();
      ws.send(JSON.stringify({ type: "flood", count: n, size }));
    };
  });
}

async function wasm(size) {
  const c = new ConnectionManager(`${wsBase}/ws/echo?client=bench-wasm`, { heartbeat: false, codec: rawCodec, maxHistorySize: 0 });
  await c.connect();
  const rate = await new Promise((resolve) => {
    let count = 0;
    const t0 = performance.now();
    c.on("message", () => {
      if (++count === n) resolve(n / ((performance.now() - t0) / 1000));
    });
    c.send(JSON.stringify({ type: "flood", count: n, size }));
  });
  c.dispose();
  return rate;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  await loadWasm();
  const results = {};
  for (const size of sizes) {
    const r = { plain: [], wasm: [] };
    for (let i = 0; i < reps; i++) {
      r.plain.push(await plain(size));
      r.wasm.push(await wasm(size));
    }
    results[size] = { plain: median(r.plain), wasm: median(r.wasm), ratio: median(r.wasm) / median(r.plain), runs: r };
  }
  out.textContent = JSON.stringify(results, null, 2);
  await fetch(`/control/results?key=${key}`, { method: "POST", body: JSON.stringify(results) });
}
main().catch(async (e) => {
  out.textContent = String(e?.stack ?? e);
  await fetch(`/control/results?key=${key}`, { method: "POST", body: JSON.stringify({ error: String(e?.stack ?? e) }) });
});
