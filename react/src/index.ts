// @wasmsocket/react: thin React bindings over @wasmsocket/client's store.
export { WebSocketProvider, useWebSocketContext } from "./provider.js";
export type { WebSocketContextValue, WebSocketProviderProps } from "./provider.js";
export { useWebSocket } from "./use-websocket.js";
export type { UseWebSocketOptions, UseWebSocketResult } from "./use-websocket.js";
export { ConnectionStatus } from "./connection-status.js";
export type { ConnectionStatusProps } from "./connection-status.js";
export type { UIConnectionState } from "./state.js";
