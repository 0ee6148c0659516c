// @vitest-environment happy-dom
import { afterEach, expect, test } from "vitest";
import { ConnectionManager, loadWasm } from "../dist/index.js";
import { eventually, next, uniqueTag, wsUrl } from "./helpers.js";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// The page's lifecycle reaches the core: the browser's offline event holds
// retries, online retries at once. happy-dom provides window and its events;
// Vite would rewrite the wasm URL to a dev server, so it is given as a file.
const wasm = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), "../dist/wasmsocket.wasm"));

const made: ConnectionManager[] = [];
afterEach(() => {
  for (const c of made.splice(0)) c.dispose();
});

test("offline holds retries and online retries at once", async () => {
  await loadWasm({ wasmUrl: wasm });
  const c = new ConnectionManager(wsUrl("/ws/echo", { client: uniqueTag("life"), refuse: 503 }), {
    heartbeat: false,
    reconnectDelay: 60_000,
    maxReconnectDelay: 60_000,
    jitter: false,
  });
  made.push(c);
  c.connect().catch(() => {});
  await next(c, "reconnecting");
  expect(c.getSnapshot().nextRetryAt).not.toBeNull();

  window.dispatchEvent(new Event("offline"));
  await eventually("offline in the snapshot", () => c.getSnapshot().online === false);
  expect(c.getSnapshot().nextRetryAt).toBeNull(); // held, not counting down

  const retried = next(c, "state", (s) => s === "connecting");
  window.dispatchEvent(new Event("online"));
  await retried; // at once, not after the minute of backoff
  await eventually("online in the snapshot", () => c.getSnapshot().online === true);
});
