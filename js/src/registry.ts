// Routes the bridge's decoded records to their connections, and wires the
// page's lifecycle (network, visibility) to the core while any exist.
import { api, Op, setSink } from "./loader.js";
import type { RecordSink } from "./wire.js";

/** What the registry needs of a connection (ConnectionManager). */
export interface Routed {
  _message(data: string | Uint8Array): void;
  _record(r: { type: string } & Record<string, unknown>): void;
  _endBatch(): void;
}

const conns = new Map<number, Routed>();
const touched = new Set<Routed>();

const sink: RecordSink = {
  message(id, data) {
    const c = conns.get(id);
    if (c) touch(c)._message(data);
  },
  json(id, record) {
    const c = conns.get(id);
    if (c) touch(c)._record(record);
  },
};

function touch(c: Routed): Routed {
  if (touched.size === 0) queueMicrotask(endBatch);
  touched.add(c);
  return c;
}

// Store subscribers hear of a batch's changes once, after its events.
function endBatch(): void {
  for (const c of touched) c._endBatch();
  touched.clear();
}

export function register(id: number, c: Routed): void {
  setSink(sink);
  conns.set(id, c);
  if (conns.size === 1) listen();
}

export function unregister(id: number): void {
  conns.delete(id);
  if (conns.size === 0) unlisten();
}

// Reconnect at once when the network returns, hold retries while it is
// gone, and retry at once when a hidden tab (whose timers the browser
// throttles) becomes visible.
const g = globalThis as unknown as {
  addEventListener?: (t: string, f: () => void) => void;
  removeEventListener?: (t: string, f: () => void) => void;
  navigator?: { onLine?: boolean };
  document?: { visibilityState?: string; addEventListener(t: string, f: () => void): void; removeEventListener(t: string, f: () => void): void };
};

const online = () => api()?.(Op.SetOnline, true);
const offline = () => api()?.(Op.SetOnline, false);
const visibility = () => {
  if (g.document?.visibilityState === "visible") api()?.(Op.Resume);
};

function listen(): void {
  g.addEventListener?.("online", online);
  g.addEventListener?.("offline", offline);
  g.document?.addEventListener("visibilitychange", visibility);
  if (g.navigator?.onLine === false) offline();
}

function unlisten(): void {
  g.removeEventListener?.("online", online);
  g.removeEventListener?.("offline", offline);
  g.document?.removeEventListener("visibilitychange", visibility);
}

/** How many connections are live: for leak tests. */
export function liveConnections(): number {
  return conns.size;
}
