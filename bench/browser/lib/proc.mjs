// Child processes: the Go test server, the Node socket.io server and
// Chromium. Every child is started in its own process group and tracked,
// so that whatever happens (an error, a timeout, Ctrl-C) exactly the
// processes this runner started are killed, and nothing else.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { groupCpu } from "./cpu.mjs";

const children = new Set();

/** Kills a child's whole process group (Chromium forks helpers), TERM then KILL. */
export async function kill(child, graceMs = 2000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return;
  }
  const exited = new Promise((r) => child.once("exit", r));
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        // already gone
      }
    }
  };
  signal("SIGTERM");
  const t = setTimeout(() => signal("SIGKILL"), graceMs);
  await exited;
  clearTimeout(t);
  // Helpers of the group may outlive the leader for a moment.
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // the group is gone
  }
  children.delete(child);
}

export async function killAll() {
  await Promise.all([...children].map((c) => kill(c)));
}

// Synchronous last resort when the runner itself is exiting.
process.on("exit", () => {
  for (const c of children) {
    try {
      process.kill(-c.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    killAll().finally(() => process.exit(130));
  });
}

/** Starts a long-running child and resolves with the first stdout line matching re. */
export function startServer(cmd, args, re, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], detached: true, ...opts });
    children.add(child);
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      reject(new Error(`${cmd}: no "${re}" line within 20 s; stderr: ${err.slice(-2000)}`));
      kill(child);
    }, 20_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(re);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    });
    child.stderr.on("data", (d) => {
      err = (err + d).slice(-20_000);
    });
    child.once("exit", (code, sig) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`${cmd} exited (${code ?? sig}) before it was ready; stderr: ${err.slice(-2000)}`));
    });
    child.once("error", reject);
  });
}

export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The flags FACTS.md found to work as root in this sandbox, plus a fresh profile. */
export function chromiumArgs(profile, extra = []) {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
    ...extra,
  ];
}

/**
 * Launches Chromium directly on url (no automation protocol), waits until
 * every key in keys has arrived in the results mailbox at base, then kills
 * it. Resolves with {results: {key: result}, chromiumCpu}; a key that did
 * not arrive within timeoutMs maps to {error}; chromiumCpu is the CPU
 * seconds Chromium used.
 */
export async function runPage(base, url, keys, { timeoutMs = 300_000, flags = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "wasmsocket-bench-"));
  const child = spawn(chromiumPath, [...chromiumArgs(profile, flags), url], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  children.add(child);
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-8000);
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  child.once("error", (e) => {
    exited = true;
    stderr += `\n${e.message}`;
  });
  const results = {};
  let chromiumCpu = null;
  const deadline = Date.now() + timeoutMs;
  try {
    const pending = new Set(keys);
    while (pending.size > 0 && Date.now() < deadline && !exited) {
      await new Promise((r) => setTimeout(r, 250));
      for (const k of [...pending]) {
        const r = await fetch(`${base}/control/results?key=${encodeURIComponent(k)}`).catch(() => null);
        if (r?.ok) {
          results[k] = await r.json();
          pending.delete(k);
        }
      }
    }
    for (const k of pending) {
      results[k] = { error: exited ? `Chromium exited before reporting ${k}: ${stderr.slice(-1500)}` : `no result for ${k} within ${timeoutMs / 1000} s` };
    }
  } finally {
    chromiumCpu = groupCpu(child.pid);
    await kill(child);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  }
  return { results, chromiumCpu };
}

/** Runs a command to completion; resolves with stdout. */
export function exec(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} failed (${code}): ${err.slice(-3000)}`))));
  });
}
