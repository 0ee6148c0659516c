// What the figures were measured on.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { root } from "./paths.mjs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { chromiumPath, exec } from "./proc.mjs";

function cpuModel() {
  try {
    const m = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m);
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? "unknown";
}

function osName() {
  let name = "Linux";
  try {
    const m = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]+)"?$/m);
    if (m) name = m[1];
  } catch {
    // keep the default
  }
  return `${name}, kernel ${release()}`;
}

async function firstLine(cmd, args) {
  try {
    return (await exec(cmd, args)).trim().split("\n")[0];
  } catch (e) {
    return `unknown (${e.message.split("\n")[0]})`;
  }
}

export async function machine() {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryBytes: totalmem(),
    os: osName(),
    chromium: await firstLine(chromiumPath, ["--version"]),
    node: process.version,
    go: await firstLine("go", ["version"]),
    date: new Date().toISOString(),
    // Other work on the machine skews the figures: the 1-minute load average
    // before the suite started shows whether there was any.
    loadAverageStart: loadavg()[0],
  };
}

/**
 * Which library was measured: the commit, the library paths with
 * uncommitted changes, and a hash of the wasm the pages were built with
 * (the copy of js/dist in build/bench-www: a rebuild during the run does
 * not change what is measured).
 * Read-only git commands (--no-optional-locks: not even the index's stat
 * cache is written).
 */
export async function source() {
  const git = (args) => exec("git", ["--no-optional-locks", ...args], { cwd: root }).then((o) => o, () => null);
  const status = await git(["status", "--porcelain", "--", "js/src", "react/src", "wasm", "go.mod", "go.sum"]);
  let wasmSha256 = null;
  try {
    wasmSha256 = createHash("sha256").update(readFileSync(join(root, "build", "bench-www", "client", "wasmsocket.wasm"))).digest("hex").slice(0, 16);
  } catch {
    // reported as null
  }
  const built = (p) => {
    try {
      return statSync(join(root, p)).mtime.toISOString();
    } catch {
      return null;
    }
  };
  return {
    commit: (await git(["rev-parse", "--short=12", "HEAD"]))?.trim() ?? null,
    jsDistBuilt: built("js/dist/index.js"),
    reactDistBuilt: built("react/dist/index.js"),
    uncommitted: status ? status.split("\n").filter((l) => l.length > 3).map((l) => l.slice(3)) : [],
    wasmSha256,
  };
}
