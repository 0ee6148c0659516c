/**
 * The stable codes of {@link WsError}. Code on these, not on messages.
 *
 * - `ERR_INVALID_URL`: the URL is not an absolute ws://, wss://, http:// or https:// URL.
 * - `ERR_INVALID_OPTIONS`: an option has the wrong type or an impossible value.
 * - `ERR_TIMEOUT`: a connection attempt took longer than `connectionTimeout`.
 * - `ERR_CONNECT_FAILED`: a connection attempt failed (refused, DNS, HTTP error…).
 * - `ERR_MAX_RETRIES`: reconnection gave up after `maxReconnectAttempts`.
 * - `ERR_HEARTBEAT_TIMEOUT`: the server stopped answering heartbeats (a half-open connection).
 * - `ERR_CLOSED`: the server closed the connection.
 * - `ERR_NOT_CONNECTED`: `send` while not connected and queueing is off.
 * - `ERR_QUEUE_FULL`: `send` while the queue is full and its overflow policy is "reject".
 * - `ERR_MESSAGE_TOO_BIG`: a message larger than `maxMessageSize` or than the whole queue.
 * - `ERR_ENCODE`: the codec could not encode a message.
 * - `ERR_DISCONNECTED`: `connect()` was still pending when `disconnect()` was called.
 * - `ERR_DISPOSED`: the connection was disposed.
 * - `ERR_WASM_LOAD`: the WebAssembly module could not be loaded.
 * - `ERR_NOT_LOADED`: a synchronous API that needs the module was called before it loaded.
 * - `ERR_INTERNAL`: a bug in wasmsocket; please report it.
 */
export type WsErrorCode =
  | "ERR_INVALID_URL"
  | "ERR_INVALID_OPTIONS"
  | "ERR_TIMEOUT"
  | "ERR_CONNECT_FAILED"
  | "ERR_MAX_RETRIES"
  | "ERR_HEARTBEAT_TIMEOUT"
  | "ERR_CLOSED"
  | "ERR_NOT_CONNECTED"
  | "ERR_QUEUE_FULL"
  | "ERR_MESSAGE_TOO_BIG"
  | "ERR_ENCODE"
  | "ERR_DISCONNECTED"
  | "ERR_DISPOSED"
  | "ERR_WASM_LOAD"
  | "ERR_NOT_LOADED"
  | "ERR_INTERNAL"
  | "ERR_UNKNOWN";

/** Every error wasmsocket throws, rejects with or emits. */
export class WsError extends Error {
  override readonly name = "WsError";
  readonly code: WsErrorCode;

  constructor(code: WsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The shape errors cross the wasm boundary in. */
export interface WireError {
  code: string;
  message: string;
}

export function isWireError(v: unknown): v is WireError {
  return typeof v === "object" && v !== null && typeof (v as WireError).code === "string" && typeof (v as WireError).message === "string";
}

export function fromWire(e: WireError): WsError {
  return new WsError(e.code as WsErrorCode, e.message);
}

/** A sentence a person can act on, for each code (see ConnectionStatus). */
export function describeError(err: WsError | null | undefined): string {
  if (!err) return "";
  switch (err.code) {
    case "ERR_INVALID_URL":
      return "The server address is not valid.";
    case "ERR_INVALID_OPTIONS":
      return "The connection is misconfigured.";
    case "ERR_TIMEOUT":
      return "The server did not answer in time.";
    case "ERR_CONNECT_FAILED":
      return "Could not reach the server.";
    case "ERR_MAX_RETRIES":
      return "Could not reconnect to the server. Try again later.";
    case "ERR_HEARTBEAT_TIMEOUT":
      return "The connection stopped responding.";
    case "ERR_CLOSED":
      return "The server closed the connection.";
    case "ERR_NOT_CONNECTED":
      return "Not connected: the message was not sent.";
    case "ERR_QUEUE_FULL":
      return "Too many unsent messages: this one was not queued.";
    case "ERR_MESSAGE_TOO_BIG":
      return "The message is too large to send.";
    case "ERR_WASM_LOAD":
      return "The connection library could not be loaded.";
    default:
      return "Something went wrong with the connection.";
  }
}
