#!/usr/bin/env node
// The browser benchmark suite of wasmsocket:
//
//   node bench/browser/run.mjs [--reps 5] [--quick] [--only transport,react,startup,memory]
//
// Builds the test server and the benchmark pages, starts the Go test server
// (which serves the pages) and a Node socket.io server, then launches
// headless Chromium directly on each page, several times; every page
// measures itself and POSTs its figures to the test server's results
// mailbox, which this runner polls. No automation protocol is attached to
// the browser. Writes docs/bench/browser.json (figures, medians, ratios
// against a plain WebSocket, targets, raw runs, the machine), then runs
// `go run ./cmd/report` in bench/ for the charts and docs/BENCHMARKS.md.
//
// Prerequisites: `make js react` (js/dist, react/dist), `npm ci --prefix bench`.
// Everything talks to 127.0.0.1 only, and every process started here is
// killed at the end, also on failure.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { randomBytes } from "node:crypto";
import { buildPages, wwwDir } from "./lib/build.mjs";
import { machine, source } from "./lib/machine.mjs";
import { chromiumPath, exec, killAll, runPage, startServer } from "./lib/proc.mjs";
import { measureSizes } from "./lib/sizes.mjs";
import { aggregate } from "./lib/aggregate.mjs";
import { benchDir, root } from "./lib/paths.mjs";
import { cpuBetween, cpuSnapshot } from "./lib/cpu.mjs";

const started = Date.now();
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const repsArg = argv.indexOf("--reps");
const reps = repsArg >= 0 ? Number(argv[repsArg + 1]) : quick ? 1 : 5;
const onlyArg = argv.indexOf("--only");
const suites = ["transport", "react", "startup", "memory"];
const only = new Set(onlyArg >= 0 ? String(argv[onlyArg + 1]).split(",") : suites);
if (!Number.isInteger(reps) || reps < 1 || reps > 50 || [...only].some((s) => !suites.includes(s))) {
  console.error(`usage: node bench/browser/run.mjs [--reps N] [--quick] [--only ${suites.join(",")}]`);
  process.exit(2);
}

const config = quick
  ? { reps, messages: 10_000, sendMessages: 10_000, sizes: [32, 1024], roundTrips: 200, warmup: 20, reactMessages: 10_000, memoryCheckpoints: [10_000, 25_000, 50_000, 100_000], memoryReps: 1, memoryPlainReps: 1 }
  : {
      reps,
      messages: 100_000,
      sendMessages: 100_000,
      sizes: [32, 1024],
      roundTrips: 1000,
      warmup: 50,
      reactMessages: 100_000,
      memoryCheckpoints: [100_000, 250_000, 500_000, 1_000_000],
      // A memory run receives a million messages (~30 s): three runs of
      // @wasmsocket/client and one plain-WebSocket reference keep the
      // whole suite near ten minutes on two cores.
      memoryReps: Math.min(reps, 3),
      memoryPlainReps: 1,
    };
const memoryFlags = ["--enable-precise-memory-info", "--js-flags=--expose-gc"];

const log = (s) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

async function main() {
  for (const [what, path, fix] of [
    ["js/dist", join(root, "js", "dist", "index.js"), "make js react"],
    ["react/dist", join(root, "react", "dist", "index.js"), "make js react"],
    ["bench/node_modules", join(benchDir, "node_modules", "esbuild"), "npm ci --prefix bench"],
    ["Chromium", chromiumPath, "make chromium, or set CHROMIUM=/path/to/chromium"],
  ]) {
    if (!existsSync(path)) throw new Error(`${what} is missing: run \`${fix}\` first`);
  }

  log("building the test server and the pages");
  const serverBin = join(root, "build", "testserver");
  await exec("go", ["build", "-o", serverBin, "./testserver"], { cwd: root });
  const pages = await buildPages();
  log(`pages: ${pages.join(", ")} in ${relative(root, wwwDir)}`);

  const ts = await startServer(serverBin, ["-addr", "127.0.0.1:0", "-static", wwwDir], /testserver: listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const base = ts.match[1];
  const ns = await startServer(process.execPath, [join(benchDir, "browser", "node-server.mjs")], /node-server: listening on (http:\/\/127\.0\.0\.1:\d+)/, { cwd: benchDir });
  const sio = ns.match[1];
  log(`test server ${base}, socket.io server ${sio}`);

  const info = await machine();
  const measured = await source(); // js/dist and react/dist as bundled above
  log("sizes");
  const sizes = await measureSizes();

  const raw = { transport: [], react: [], startup: [], memory: { wasmsocket: [], websocket: [] }, cpu: [] };
  const run = randomBytes(4).toString("hex");
  const servers = [ts.child.pid, ns.child.pid];
  // A page during which other work took a noticeable share of the CPU is
  // run again (a few times per suite at most); the disturbed run is kept
  // in raw.discarded, and every page's CPU accounting in raw.cpu.
  let retriesLeft = quick ? 0 : 6;
  raw.discarded = [];
  const page = async (name, query, keys, opts) => {
    for (let attempt = 1; ; attempt++) {
      const key = `${name}-${run}-${keys.rep}-${keys.tag ?? ""}-${attempt}`;
      const q = new URLSearchParams({ key, ...query });
      const wanted = keys.suffixes ? keys.suffixes.map((s) => `${key}-${s}`) : [key];
      const before = cpuSnapshot(servers);
      const { results: r, chromiumCpu } = await runPage(base, `${base}/${opts?.entry ?? name + ".html"}?${q}`, wanted, opts);
      const cpu = cpuBetween(before, cpuSnapshot(servers), chromiumCpu);
      const out = keys.suffixes ? Object.fromEntries(keys.suffixes.map((s) => [s, r[`${key}-${s}`]])) : r[key];
      const label = name + (keys.tag ? `-${keys.tag}` : "");
      const disturbed = cpu && cpu.foreign + cpu.steal > Math.max(2, 0.1 * cpu.busy);
      raw.cpu.push({ page: label, rep: keys.rep + 1, attempt, discarded: Boolean(disturbed && retriesLeft > 0), ...cpu });
      if (!disturbed) return out;
      log(`  other processes used ${cpu.foreign} s of CPU and the hypervisor stole ${cpu.steal} s during this page (the suite used ${cpu.own} s)${retriesLeft > 0 ? ": running it again" : ": kept"}`);
      if (retriesLeft <= 0) return out;
      retriesLeft--;
      raw.discarded.push({ page: label, rep: keys.rep + 1, attempt, cpu, result: out });
    }
  };

  for (let rep = 0; rep < reps; rep++) {
    if (only.has("transport")) {
    log(`repetition ${rep + 1}/${reps}: transport`);
    raw.transport.push(
      await page(
        "transport",
        { n: config.messages, sendN: config.sendMessages, sizes: config.sizes.join(","), rtt: config.roundTrips, warm: config.warmup, sio, rot: rep },
        { rep },
        { timeoutMs: 600_000 },
      ),
    );
    }
    if (only.has("react")) {
      log(`repetition ${rep + 1}/${reps}: react`);
      raw.react.push(await page("react", { n: config.reactMessages, rot: rep }, { rep }, { timeoutMs: 400_000 }));
    }
    if (only.has("startup")) {
      log(`repetition ${rep + 1}/${reps}: start-up`);
      // launch.html opens a blank page first and navigates to startup.html
      // half a second later: a first load in a running browser, not a
      // measure of Chromium's own process start.
      raw.startup.push(await page("startup", { next: "startup.html", phase: "cold" }, { rep, suffixes: ["cold", "warm"] }, { timeoutMs: 60_000, entry: "launch.html" }));
    }
    if (only.has("memory") && rep < config.memoryReps) {
      log(`repetition ${rep + 1}/${reps}: memory (@wasmsocket/client)`);
      raw.memory.wasmsocket.push(await page("memory", { lib: "wasmsocket", at: config.memoryCheckpoints.join(",") }, { rep, tag: "wasm" }, { timeoutMs: 600_000, flags: memoryFlags }));
    }
    if (only.has("memory") && rep < config.memoryPlainReps) {
      log(`repetition ${rep + 1}/${reps}: memory (plain WebSocket)`);
      raw.memory.websocket.push(await page("memory", { lib: "websocket", at: config.memoryCheckpoints.join(",") }, { rep, tag: "plain" }, { timeoutMs: 600_000, flags: memoryFlags }));
    }
  }
  await killAll();

  const command = ["node", "bench/browser/run.mjs", ...argv].join(" ");
  const result = aggregate({ raw, config, sizes, machine: info, source: measured, command, quick, durationSeconds: (Date.now() - started) / 1000 });
  const outDir = join(root, "docs", "bench");
  mkdirSync(outDir, { recursive: true });
  const jsonPath = join(outDir, "browser.json");
  writeFileSync(jsonPath, JSON.stringify(result, null, 1) + "\n");
  log(`wrote ${relative(root, jsonPath)}`);

  log("charts and docs/BENCHMARKS.md (go run ./cmd/report)");
  const out = await exec("go", ["run", "./cmd/report"], { cwd: benchDir });
  process.stdout.write(out);

  for (const t of result.targets) log(`target ${t.met ? "met    " : "NOT MET"}  ${t.target}: ${t.measured}`);
  for (const e of result.errors) log(`error: ${e}`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return result.errors.length === 0;
}

main()
  .then(async (ok) => {
    await killAll();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (e) => {
    console.error(e?.stack ?? e);
    await killAll();
    process.exit(1);
  });
