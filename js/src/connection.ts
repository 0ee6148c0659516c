import { jsonCodec, type Codec, type WireData } from "./codec.js";
import { Emitter, reportListenerError } from "./emitter.js";
import { fromWire, isWireError, WsError, type WireError } from "./errors.js";
import { api, loadWasm, Op, type Api } from "./loader.js";
import { connectionToWire, priorityToWire, queueToWire, resolveURL, type CloseInfo, type ConnectionOptions, type MessageOptions, type Priority } from "./options.js";
import { register, unregister } from "./registry.js";

export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "disconnected" | "failed";

/** Counters since the connection was created. */
export interface Metrics {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  connects: number;
  reconnects: number;
  dropped: number;
  queueHighWater: number;
  heartbeats: number;
  /** Round trip of the last heartbeat, in ms; null before the first. */
  heartbeatRtt: number | null;
}

/**
 * Everything a status display needs. Immutable: a new object replaces it
 * when, and only when, something in it changed (useSyncExternalStore relies
 * on that). Metrics refresh with every other change and at least every
 * 250 ms while messages flow.
 */
export interface ConnectionSnapshot {
  readonly url: string;
  readonly state: ConnectionState;
  /** Retries since the last stable connection. */
  readonly attempt: number;
  /** When the next retry happens (epoch ms), while reconnecting. */
  readonly nextRetryAt: number | null;
  /** Why the connection is not up (the last failure); null while connected. */
  readonly lastError: WsError | null;
  readonly lastClose: CloseInfo | null;
  readonly queueSize: number;
  readonly queueBytes: number;
  /** The browser's online flag as last reported: retries wait while false. */
  readonly online: boolean;
  readonly metrics: Readonly<Metrics>;
}

export interface CloseEventInfo extends CloseInfo {
  willReconnect: boolean;
}

export interface DropInfo {
  reason: "overflow" | "expired" | "not-replayed";
  seq: number;
  priority: Priority;
  binary: boolean;
  size: number;
  /** The dropped text; binary payloads are named by seq and size only. */
  data?: string;
}

export interface QueuedMessage<Out = unknown> {
  seq: number;
  data: Out | WireData;
  binary: boolean;
  priority: Priority;
}

export interface SendOptions {
  /** Higher priorities are sent first after a reconnect. Default "normal". */
  priority?: Priority;
  /** How long the message may wait in the queue, in ms. */
  ttl?: number;
}

export interface ConnectionEvents<In> {
  open: [];
  message: [data: In, info: { binary: boolean }];
  close: [info: CloseEventInfo];
  reconnecting: [info: { attempt: number; delay: number }];
  error: [error: WsError];
  state: [state: ConnectionState];
  queue: [info: { size: number; bytes: number }];
  drop: [info: DropInfo];
  network: [info: { online: boolean }];
}

const emptyMetrics: Metrics = Object.freeze({
  messagesIn: 0,
  messagesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  connects: 0,
  reconnects: 0,
  dropped: 0,
  queueHighWater: 0,
  heartbeats: 0,
  heartbeatRtt: null,
});

/** The snapshot of a connection that never started, e.g. during server rendering. */
export function idleSnapshot(url = ""): ConnectionSnapshot {
  return Object.freeze({
    url,
    state: "idle",
    attempt: 0,
    nextRetryAt: null,
    lastError: null,
    lastClose: null,
    queueSize: 0,
    queueBytes: 0,
    online: true,
    metrics: emptyMetrics,
  });
}

interface Early {
  data: WireData;
  priority: number;
  ttl: number;
}

/**
 * The spec's ConnectionManager: one logical WebSocket connection, kept
 * alive by the Go core (reconnection with backoff and jitter, a retry
 * budget, a connection timeout, a heartbeat, a close-code policy) with an
 * outgoing queue replayed in order on reconnect.
 *
 * ```ts
 * const conn = new ConnectionManager("wss://example.com/live", { maxReconnectAttempts: 20 });
 * conn.on("message", (msg) => console.log(msg));
 * await conn.connect();
 * conn.send({ type: "hello" }); // queued while disconnected, replayed on reconnect
 * ```
 *
 * It is also an external store (`subscribe`/`getSnapshot`) for UI bindings.
 */
export class ConnectionManager<In = unknown, Out = unknown> extends Emitter<ConnectionEvents<In>> {
  readonly url: string;
  #options: ConnectionOptions<In, Out>;
  #codec: Codec<In, Out>;
  #id = 0;
  #disposed = false;
  #failed: WsError | null = null; // creation failed: every call reports it
  #early: Early[] = [];
  #earlyOps: Array<(a: Api, id: number) => void> = [];
  #snapshot: ConnectionSnapshot;
  #subscribers = new Set<() => void>();
  #changed = false;
  #waiters: Array<{ resolve: () => void; reject: (e: WsError) => void }> = [];
  #lastErrorEvent: WsError | null = null;

  constructor(url: string | URL, options: ConnectionOptions<In, Out> = {}) {
    super();
    this.url = resolveURL(url);
    connectionToWire(options as ConnectionOptions); // type errors throw here, where the options are written
    this.#options = options;
    this.#codec = (options.codec ?? jsonCodec) as Codec<In, Out>;
    this.#snapshot = idleSnapshot(this.url);
    loadWasm().then(
      () => this.#create(),
      (err: WsError) => this.#fail(err),
    );
  }

  #create(): void {
    if (this.#disposed) return;
    const a = api()!;
    const shouldReconnect = this.#options.shouldReconnect;
    const r = a(Op.Create, this.url, connectionToWire(this.#options as ConnectionOptions), shouldReconnect ?? null);
    if (isWireError(r)) return this.#fail(fromWire(r));
    this.#id = r as number;
    register(this.#id, this);
    for (const op of this.#earlyOps) op(a, this.#id);
    this.#earlyOps = [];
    for (const m of this.#early) {
      const res = a(Op.Send, this.#id, m.data, m.priority, m.ttl);
      if (isWireError(res)) this.emit("error", fromWire(res));
    }
    this.#early = [];
  }

  #fail(err: WsError): void {
    this.#failed = err;
    this.#early = [];
    this.#earlyOps = [];
    this.#setSnapshot({ ...this.#snapshot, state: "failed", lastError: err });
    this.emit("error", err);
    this.emit("state", "failed");
    this.#settle("failed");
    this.#notify();
  }

  /** Runs op now if the Go manager exists, else as soon as it does. */
  #call(op: (a: Api, id: number) => void): void {
    if (this.#disposed) throw new WsError("ERR_DISPOSED", "this connection was disposed");
    if (this.#failed) return;
    const a = api();
    if (a && this.#id) op(a, this.#id);
    else this.#earlyOps.push(op);
  }

  /**
   * Connects, retrying as configured. Resolves once connected; rejects with
   * the WsError that ended the attempts (ERR_MAX_RETRIES, ERR_INVALID_URL,
   * ERR_TIMEOUT with reconnection off, …) or ERR_DISCONNECTED if
   * disconnect() came first.
   */
  connect(): Promise<void> {
    if (this.#disposed) return Promise.reject(new WsError("ERR_DISPOSED", "this connection was disposed"));
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#snapshot.state === "connected") return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#call((a, id) => a(Op.Connect, id));
    });
  }

  /** Closes with code 1000 and stops reconnecting. Queued messages stay queued. */
  disconnect(): void {
    if (this.#disposed) return;
    this.#call((a, id) => a(Op.Disconnect, id));
  }

  isConnected(): boolean {
    return this.#snapshot.state === "connected";
  }

  getReconnectAttempts(): number {
    return this.#snapshot.attempt;
  }

  /**
   * Sends now if connected, else queues the message to be sent in priority
   * order once connected. Throws WsError: ERR_QUEUE_FULL (overflow
   * "reject"), ERR_NOT_CONNECTED (enableQueue false), ERR_MESSAGE_TOO_BIG,
   * ERR_ENCODE, ERR_DISPOSED. Under the drop policies a drop is reported
   * as a "drop" event, never silently.
   */
  send(message: Out, options: SendOptions = {}): void {
    if (this.#disposed) throw new WsError("ERR_DISPOSED", "this connection was disposed");
    if (this.#failed) throw this.#failed;
    let data: WireData;
    try {
      data = this.#codec.encode(message);
    } catch (cause) {
      throw cause instanceof WsError ? cause : new WsError("ERR_ENCODE", `the codec could not encode the message: ${(cause as Error)?.message ?? cause}`, { cause });
    }
    const priority = priorityToWire(options.priority);
    const ttl = options.ttl ?? 0;
    const a = api();
    if (a && this.#id) {
      const r = a(Op.Send, this.#id, data, priority, ttl);
      if (r !== undefined && r !== null && isWireError(r)) throw fromWire(r);
      return;
    }
    // The module is still loading: hold the message, with the same limits.
    if (this.#options.enableQueue === false) {
      throw new WsError("ERR_NOT_CONNECTED", "cannot send before connecting: queueing is off (enableQueue: false)");
    }
    if ((this.#options.overflow ?? "reject") === "reject" && this.#early.length >= (this.#options.bufferSize ?? 1000)) {
      throw new WsError("ERR_QUEUE_FULL", `message queue is full (${this.#early.length} messages)`);
    }
    this.#early.push({ data, priority, ttl });
  }

  /** The messages waiting to be sent, in sending order, decoded by the codec. */
  getQueuedMessages(): QueuedMessage<Out>[] {
    const a = api();
    if (!a || !this.#id) return this.#early.map((m, i) => ({ seq: -(i + 1), data: m.data, binary: typeof m.data !== "string", priority: "normal" }));
    const items = a(Op.Queued, this.#id);
    if (isWireError(items)) return [];
    return (items as Array<{ seq: number; data: WireData; binary: boolean; priority: Priority }>).map((it) => ({
      ...it,
      data: this.#codec.decode(it.data) as unknown as Out,
    }));
  }

  /** Discards queued messages; returns how many there were. */
  clearQueue(): number {
    const n = this.#early.length;
    this.#early = [];
    const a = api();
    if (!a || !this.#id) return n;
    const r = a(Op.ClearQueue, this.#id);
    return typeof r === "number" ? r + n : n;
  }

  /** The last received messages (maxHistorySize), oldest first. */
  getHistory(): In[] {
    const a = api();
    if (!a || !this.#id) return [];
    const items = a(Op.History, this.#id);
    if (isWireError(items)) return [];
    return (items as Array<{ data: WireData }>).map((m) => this.#codec.decode(m.data));
  }

  clearHistory(): void {
    this.#call((a, id) => a(Op.ClearHistory, id));
  }

  /** Current counters, read from the core now (the snapshot's may be 250 ms old). */
  getMetrics(): Metrics {
    const a = api();
    if (!a || !this.#id) return this.#snapshot.metrics;
    const r = a(Op.Snapshot, this.#id);
    if (typeof r !== "string") return this.#snapshot.metrics;
    return (JSON.parse(r) as { metrics: Metrics }).metrics;
  }

  /** Applies MessageHandler options to this connection's queue. */
  setQueueOptions(options: MessageOptions): void {
    const wire = queueToWire(options);
    this.#options = { ...this.#options, ...options };
    this.#call((a, id) => {
      const r = a(Op.SetQueueOptions, id, wire);
      if (isWireError(r)) this.emit("error", fromWire(r));
    });
  }

  /** Subscribes to snapshot changes; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  };

  getSnapshot = (): ConnectionSnapshot => this.#snapshot;

  /**
   * Closes the connection and frees everything it held, in Go and here.
   * Pending connect() calls reject with ERR_DISPOSED.
   */
  dispose(): void {
    if (this.#disposed) return;
    const a = api();
    if (a && this.#id) {
      a(Op.Dispose, this.#id);
      unregister(this.#id);
    }
    this.#disposed = true;
    this.#early = [];
    this.#earlyOps = [];
    const err = new WsError("ERR_DISPOSED", "this connection was disposed");
    for (const w of this.#waiters.splice(0)) w.reject(err);
    if (this.#snapshot.state !== "idle" && this.#snapshot.state !== "disconnected" && this.#snapshot.state !== "failed") {
      this.#setSnapshot({ ...this.#snapshot, state: "disconnected", nextRetryAt: null });
      this.#notify();
    }
    this.#subscribers.clear();
    this.removeAllListeners();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  // ---- called by the registry as the bridge's batches are decoded ----

  /** @internal */
  _message(raw: string | Uint8Array): void {
    let data: In;
    try {
      data = this.#codec.decode(raw);
    } catch (err) {
      reportListenerError(err);
      return;
    }
    this.emit("message", data, { binary: typeof raw !== "string" });
  }

  /** @internal */
  _record(r: { type: string } & Record<string, unknown>): void {
    switch (r.type) {
      case "snapshot":
        this.#applySnapshot(r);
        break;
      case "state": {
        const state = r.state as ConnectionState;
        if (state !== this.#snapshot.state) this.#setSnapshot({ ...this.#snapshot, state });
        this.emit("state", state);
        this.#settle(state);
        break;
      }
      case "open":
        this.emit("open");
        break;
      case "close":
        this.emit("close", { code: r.code as number, reason: r.reason as string, wasClean: r.wasClean as boolean, willReconnect: r.willReconnect as boolean });
        break;
      case "reconnecting":
        this.emit("reconnecting", { attempt: r.attempt as number, delay: r.delay as number });
        break;
      case "error": {
        const err = fromWire(r as unknown as WireError);
        this.#lastErrorEvent = err;
        this.emit("error", err);
        break;
      }
      case "queue":
        this.emit("queue", { size: r.size as number, bytes: r.bytes as number });
        break;
      case "drop": {
        const { type: _type, ...info } = r;
        this.emit("drop", info as unknown as DropInfo);
        break;
      }
      case "network":
        this.emit("network", { online: r.online as boolean });
        break;
    }
  }

  /** @internal: the end of a batch, where store subscribers hear of changes. */
  _endBatch(): void {
    this.#notify();
  }

  #applySnapshot(r: Record<string, unknown>): void {
    const prev = this.#snapshot;
    const le = r.lastError as WireError | null;
    const lastError = le === null ? null : prev.lastError && prev.lastError.code === le.code && prev.lastError.message === le.message ? prev.lastError : fromWire(le);
    const lc = r.lastClose as CloseInfo | null;
    const lastClose = lc === null ? null : prev.lastClose && sameShallow(prev.lastClose, lc) ? prev.lastClose : Object.freeze(lc);
    const m = r.metrics as Metrics;
    const metrics = sameShallow(prev.metrics, m) ? prev.metrics : Object.freeze(m);
    const next: ConnectionSnapshot = {
      url: this.url,
      state: r.state as ConnectionState,
      attempt: r.attempt as number,
      nextRetryAt: r.nextRetryAt as number | null,
      lastError,
      lastClose,
      queueSize: r.queueSize as number,
      queueBytes: r.queueBytes as number,
      online: r.online as boolean,
      metrics,
    };
    if (!sameShallow(prev, next)) this.#setSnapshot(next);
  }

  #setSnapshot(s: ConnectionSnapshot): void {
    this.#snapshot = Object.freeze(s);
    this.#changed = true;
  }

  #notify(): void {
    if (!this.#changed) return;
    this.#changed = false;
    for (const l of [...this.#subscribers]) {
      try {
        l();
      } catch (err) {
        reportListenerError(err);
      }
    }
  }

  /** Answers connect() calls once the state says how they ended. */
  #settle(state: ConnectionState): void {
    if (state !== "connected" && state !== "failed" && state !== "disconnected") return;
    const waiters = this.#waiters.splice(0);
    if (state === "connected") {
      for (const w of waiters) w.resolve();
      return;
    }
    // Waiters exist only while connecting, so "disconnected" here means
    // disconnect() came first; "failed" follows the error that caused it.
    const err =
      state === "failed"
        ? (this.#failed ?? this.#lastErrorEvent ?? new WsError("ERR_CONNECT_FAILED", `could not connect to ${this.url}`))
        : new WsError("ERR_DISCONNECTED", "disconnect() was called before the connection opened");
    for (const w of waiters) w.reject(err);
  }
}

function sameShallow(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  return true;
}
