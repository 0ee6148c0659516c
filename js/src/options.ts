import type { Codec } from "./codec.js";
import { WsError } from "./errors.js";

export type JitterMode = "full" | "equal" | "decorrelated" | "none";
export type OverflowPolicy = "reject" | "drop-oldest" | "drop-newest";
export type Priority = "high" | "normal" | "low";

/** How a connection ended. */
export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** The spec's ReconnectLogic options. */
export interface ReconnectOptions {
  /** Delay scale of the first retry, in ms. Default 1000. */
  initialDelay?: number;
  /** Cap on the un-jittered delay, in ms. Default 30000. */
  maxDelay?: number;
  /** Growth per attempt. Default 2. */
  backoffMultiplier?: number;
  /** Spread of delays: true is "full" (the default), false is "none". */
  jitter?: boolean | JitterMode;
}

/** The spec's MessageHandler options: the connection's outgoing queue. */
export interface MessageOptions {
  /** Most messages kept while disconnected. Default 1000. */
  bufferSize?: number;
  /** Most bytes kept while disconnected. Default 1 MiB. */
  maxQueueBytes?: number;
  /** Queue while disconnected; if false, sending while disconnected throws ERR_NOT_CONNECTED. Default true. */
  enableQueue?: boolean;
  /** Send queued messages on (re)connect; if false they are dropped then (for data that goes stale). Default true. */
  replayOnConnect?: boolean;
  /** What a full queue does with one more message. Default "reject" (send throws ERR_QUEUE_FULL). */
  overflow?: OverflowPolicy;
  /** How long a queued message stays valid, in ms. Default: forever. */
  messageTtl?: number;
}

/** Application-level heartbeat: browsers hide WebSocket ping frames. */
export interface HeartbeatOptions {
  /** Between pings, in ms. Default 25000. */
  interval?: number;
  /** If nothing arrives this long after a ping, the connection is dead. Default 10000. */
  timeout?: number;
  /** The ping text. Default "ping". */
  message?: string;
  /** The reply's text, which is not delivered as a message. Default "pong". */
  pong?: string;
}

export interface ConnectionOptions<In = unknown, Out = unknown> extends MessageOptions {
  /** Reconnect after a connection is lost. Default true. */
  autoReconnect?: boolean;
  /** Retry budget; Infinity for no limit. Default 10. */
  maxReconnectAttempts?: number;
  /** Delay scale of the first retry, in ms (ReconnectLogic's initialDelay). Default 1000. */
  reconnectDelay?: number;
  /** Cap on the un-jittered retry delay, in ms. Default 30000. */
  maxReconnectDelay?: number;
  backoffMultiplier?: number;
  jitter?: boolean | JitterMode;
  /** A connection attempt's time limit, in ms. Default 10000. */
  connectionTimeout?: number;
  /** A connection must stay up this long (ms) before the retry count resets. Default 5000. */
  minUptime?: number;
  /** Decides whether to reconnect after the server closes; replaces the close-code policy. */
  shouldReconnect?: (close: CloseInfo) => boolean;
  /** false turns the heartbeat off. */
  heartbeat?: false | HeartbeatOptions;
  /** Received messages kept for getHistory(); 0 keeps none. Default 100. */
  maxHistorySize?: number;
  /** Largest message sent or received, in bytes. Default 1 MiB. */
  maxMessageSize?: number;
  /** Subprotocols offered in the handshake. */
  protocols?: string | string[];
  /** Turns messages into wire data and back. Default: JSON for objects (see jsonCodec). */
  codec?: Codec<In, Out>;
}

type Wire = Record<string, number | string | boolean | string[]>;

function fail(name: string, want: string): never {
  throw new WsError("ERR_INVALID_OPTIONS", `invalid options: ${name} must be ${want}`);
}

function num(out: Wire, name: string, value: unknown, wireName = name): void {
  if (value === undefined) return;
  if (typeof value !== "number" || Number.isNaN(value)) fail(name, "a number");
  out[wireName] = value;
}

function bool(out: Wire, name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "boolean") fail(name, "true or false");
  out[name] = value;
}

function oneOf(out: Wire, name: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== "string" || !allowed.includes(value)) fail(name, allowed.map((a) => `"${a}"`).join(", "));
  out[name] = value;
}

/** The queue options as the bridge reads them. */
export function queueToWire(o: MessageOptions, out: Wire = {}): Wire {
  num(out, "bufferSize", o.bufferSize);
  num(out, "maxQueueBytes", o.maxQueueBytes);
  bool(out, "enableQueue", o.enableQueue);
  bool(out, "replayOnConnect", o.replayOnConnect);
  oneOf(out, "overflow", o.overflow, ["reject", "drop-oldest", "drop-newest"]);
  num(out, "messageTtl", o.messageTtl);
  return out;
}

export function jitterToWire(j: unknown): JitterMode | undefined {
  if (j === undefined) return undefined;
  if (j === true) return "full";
  if (j === false) return "none";
  if (j === "full" || j === "equal" || j === "decorrelated" || j === "none") return j;
  fail("jitter", 'true, false, "full", "equal", "decorrelated" or "none"');
}

/**
 * Checks types here, so a mistake throws where the options are written; the
 * Go core checks values again (ranges), as the one authority.
 */
export function connectionToWire(o: ConnectionOptions<unknown, unknown>): Wire {
  if (typeof o !== "object" || o === null) fail("options", "an object");
  const out: Wire = {};
  bool(out, "autoReconnect", o.autoReconnect);
  num(out, "maxReconnectAttempts", o.maxReconnectAttempts);
  num(out, "reconnectDelay", o.reconnectDelay);
  num(out, "maxReconnectDelay", o.maxReconnectDelay);
  num(out, "backoffMultiplier", o.backoffMultiplier);
  const j = jitterToWire(o.jitter);
  if (j) out.jitter = j;
  num(out, "connectionTimeout", o.connectionTimeout);
  num(out, "minUptime", o.minUptime);
  if (o.shouldReconnect !== undefined && typeof o.shouldReconnect !== "function") fail("shouldReconnect", "a function");
  if (o.heartbeat === false) {
    out.heartbeatInterval = 0;
  } else if (o.heartbeat !== undefined) {
    if (typeof o.heartbeat !== "object" || o.heartbeat === null) fail("heartbeat", "false or an object");
    num(out, "heartbeat.interval", o.heartbeat.interval, "heartbeatInterval");
    num(out, "heartbeat.timeout", o.heartbeat.timeout, "heartbeatTimeout");
    if (o.heartbeat.message !== undefined) {
      if (typeof o.heartbeat.message !== "string") fail("heartbeat.message", "a string");
      out.heartbeatMessage = o.heartbeat.message;
    }
    if (o.heartbeat.pong !== undefined) {
      if (typeof o.heartbeat.pong !== "string") fail("heartbeat.pong", "a string");
      out.heartbeatPong = o.heartbeat.pong;
    }
  }
  num(out, "maxHistorySize", o.maxHistorySize);
  num(out, "maxMessageSize", o.maxMessageSize);
  if (o.protocols !== undefined) {
    const ps = typeof o.protocols === "string" ? [o.protocols] : o.protocols;
    if (!Array.isArray(ps) || ps.some((p) => typeof p !== "string")) fail("protocols", "a string or an array of strings");
    out.protocols = ps;
  }
  if (o.codec !== undefined && (typeof o.codec?.encode !== "function" || typeof o.codec?.decode !== "function")) {
    fail("codec", "an object with encode and decode functions");
  }
  return queueToWire(o, out);
}

const priorities: Record<Priority, number> = { low: -1, normal: 0, high: 1 };

export function priorityToWire(p: Priority | undefined): number {
  if (p === undefined) return 0;
  const n = priorities[p];
  if (n === undefined) fail("priority", '"high", "normal" or "low"');
  return n;
}

/** Checks a URL as browsers do, in words; relative URLs resolve against the page. */
export function resolveURL(url: string | URL): string {
  const raw = String(url);
  let u: URL;
  try {
    const base = (globalThis as { location?: { href: string } }).location?.href;
    u = base ? new URL(raw, base) : new URL(raw);
  } catch {
    throw new WsError("ERR_INVALID_URL", `invalid WebSocket URL "${raw}": it must be absolute (ws://host/path) or relative to the page`);
  }
  if (u.protocol === "http:") u.protocol = "ws:";
  else if (u.protocol === "https:") u.protocol = "wss:";
  if (u.protocol !== "ws:" && u.protocol !== "wss:") {
    throw new WsError("ERR_INVALID_URL", `invalid WebSocket URL "${raw}": the scheme must be ws:// or wss://, not ${u.protocol}//`);
  }
  if (u.hash) throw new WsError("ERR_INVALID_URL", `invalid WebSocket URL "${raw}": a WebSocket URL cannot have a #fragment`);
  return u.href;
}
