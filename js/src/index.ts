// @wasmsocket/client: a WebSocket client whose connection core is Go
// compiled to WebAssembly. Importing this module does nothing; the wasm
// loads on first use (or with loadWasm()).
export { ConnectionManager, idleSnapshot } from "./connection.js";
export type {
  CloseEventInfo,
  ConnectionEvents,
  ConnectionSnapshot,
  ConnectionState,
  DropInfo,
  Metrics,
  QueuedMessage,
  SendOptions,
} from "./connection.js";
export { MessageHandler } from "./message-handler.js";
export { ReconnectLogic } from "./reconnect-logic.js";
export { WsError, describeError } from "./errors.js";
export type { WsErrorCode } from "./errors.js";
export { jsonCodec, rawCodec } from "./codec.js";
export type { Codec, WireData } from "./codec.js";
export { loadWasm, loadTiming, wasmMemoryBytes } from "./loader.js";
export type { LoadOptions, LoadTiming } from "./loader.js";
export type {
  CloseInfo,
  ConnectionOptions,
  HeartbeatOptions,
  JitterMode,
  MessageOptions,
  OverflowPolicy,
  Priority,
  ReconnectOptions,
} from "./options.js";
export { liveConnections } from "./registry.js";
