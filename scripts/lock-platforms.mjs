#!/usr/bin/env node
// Completes a package-lock.json with the platform-specific optional packages
// (rollup's @rollup/rollup-<os>-<cpu>[-<libc>] and the like) that this
// machine's npm registry mirror does not serve.
//
// Why: the mirror answers 404 for packages built for other platforms, so
// `npm install` leaves them out of the lock file, and `npm ci` then refuses
// the lock as "not in sync" ("Missing: @rollup/rollup-android-arm64@ from lock
// file"). Each added entry carries the os/cpu/libc fields npm reads from the
// name, so `npm ci` skips it here as a foreign platform and never fetches it.
//
// Usage: node scripts/lock-platforms.mjs [path/to/package-lock.json ...]
// Run it after every `npm install` that rewrites a lock file.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

/** Reads os, cpu and libc from a name such as rollup-linux-arm-musleabihf. */
function platformOf(name) {
  const base = name.split('/').pop();
  const parts = base.split('-');
  for (let i = 0; i + 1 < parts.length; i++) {
    if (!OS.includes(parts[i]) || !CPU.includes(parts[i + 1])) continue;
    const entry = { os: [parts[i]], cpu: [parts[i + 1]] };
    const abi = parts[i + 2] ?? '';
    if (parts[i] === 'linux' && abi.startsWith('musl')) entry.libc = ['musl'];
    else if (parts[i] === 'linux' && abi.startsWith('gnu')) entry.libc = ['glibc'];
    return entry;
  }
  return null;
}

for (const file of process.argv.slice(2).length ? process.argv.slice(2) : ['package-lock.json']) {
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const pkgs = lock.packages;
  let added = 0;
  for (const [path, meta] of Object.entries(pkgs)) {
    for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
      const nested = `${path ? path + '/' : ''}node_modules/${dep}`;
      const hoisted = `node_modules/${dep}`;
      if (pkgs[nested] || pkgs[hoisted]) continue;
      const platform = platformOf(dep);
      if (!platform) {
        console.warn(`${file}: ${dep} is missing and its platform cannot be read from its name; left alone`);
        continue;
      }
      // Only exact versions can be recorded without asking the registry.
      if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
        console.warn(`${file}: ${dep}@${version} is not an exact version; left alone`);
        continue;
      }
      pkgs[hoisted] = { version, ...(meta.dev ? { dev: true } : {}), optional: true, ...platform };
      added++;
    }
  }
  // npm keeps the entries sorted by path; so do we, to keep diffs small.
  lock.packages = Object.fromEntries(
    Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
  console.log(`${file}: added ${added} platform entr${added === 1 ? 'y' : 'ies'}`);
}
