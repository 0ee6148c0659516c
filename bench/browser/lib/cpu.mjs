// How much CPU something other than this benchmark used while it ran: the
// figures depend on having both cores, and other engineers' work (or the
// hypervisor) can take them. Linux only; elsewhere every figure is null.
import { readdirSync, readFileSync } from "node:fs";

const HZ = 100; // USER_HZ: /proc counts in 1/100 s on Linux

function machineCpu() {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq) / HZ, steal: steal / HZ };
  } catch {
    return null;
  }
}

// Fields of /proc/PID/stat after the command name, 0 being field 3 (state).
function statFields(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  return s.slice(s.lastIndexOf(")") + 2).split(" ").map(Number);
}

/** CPU seconds of pid, with (or without) its reaped children's. */
function processCpu(pid, children = true) {
  try {
    const f = statFields(pid);
    return (f[11] + f[12] + (children ? f[13] + f[14] : 0)) / HZ; // utime stime cutime cstime
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every live process in process group pgid, with their
 * reaped children's: Chromium's, taken just before it is killed (killed
 * helpers may be reparented and reaped elsewhere, so their time would not
 * reach this runner's own counters).
 */
export function groupCpu(pgid) {
  let total = 0;
  let pids = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const f = statFields(pid);
      if (f[2] === pgid) total += (f[11] + f[12] + f[13] + f[14]) / HZ; // field 5 is the process group
    } catch {
      // it exited meanwhile
    }
  }
  return total;
}

/**
 * A snapshot; cpuBetween(a, b, chromium) gives the machine's busy CPU
 * seconds between two snapshots, the part this runner, its servers and
 * Chromium (measured by groupCpu) used, the rest ("foreign"), and the time
 * the hypervisor stole.
 */
export function cpuSnapshot(livePids) {
  const m = machineCpu();
  if (!m) return null;
  // This runner without its children (Chromium is counted by groupCpu).
  let own = processCpu(process.pid, false);
  for (const pid of livePids) own += processCpu(pid);
  return { ...m, own, at: Date.now() };
}

export function cpuBetween(a, b, extraOwn = 0) {
  if (!a || !b) return null;
  const busy = b.busy - a.busy;
  const own = b.own - a.own + (extraOwn ?? 0);
  const r = (x) => Math.round(x * 100) / 100;
  return { seconds: r((b.at - a.at) / 1000), busy: r(busy), own: r(own), foreign: r(Math.max(0, busy - own)), steal: r(b.steal - a.steal) };
}
