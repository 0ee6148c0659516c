"use client";
import { WsError, type ConnectionManager, type ConnectionOptions, type SendOptions } from "@wasmsocket/client";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { ConnectionPool } from "./pool.js";
import { uiState, type UIConnectionState } from "./state.js";

/** The spec's context value, plus what the hooks use to share connections. */
export interface WebSocketContextValue {
  /** The live connections, by URL. */
  connections: Map<string, ConnectionManager<any, any>>;
  /** Receives every message on url, opening the connection if needed; returns the unsubscribe function. */
  subscribe: <In = unknown>(url: string, callback: (message: In) => void, options?: ConnectionOptions<In, unknown>) => () => void;
  /** Sends on an open (or reconnecting) connection of this provider; throws WsError. */
  send: <Out = unknown>(url: string, message: Out, options?: SendOptions) => void;
  getConnectionState: (url: string) => UIConnectionState;
  /** @internal the shared pool the hooks acquire from */
  pool: ConnectionPool;
}

const Context = createContext<WebSocketContextValue | null>(null);

export interface WebSocketProviderProps {
  children?: ReactNode;
  /**
   * How long (ms) a connection stays open after its last user unmounts, so
   * remounts (StrictMode, route changes) reuse it. Default 1000.
   */
  gracePeriod?: number;
}

/**
 * Shares connections among the components below it: every useWebSocket
 * and ConnectionStatus with the same URL uses one socket, opened when the
 * first needs it and closed a grace period after the last unmounts.
 *
 * ```tsx
 * <WebSocketProvider>
 *   <Chat />          // useWebSocket("wss://example.com/chat")
 *   <ConnectionStatus url="wss://example.com/chat" />
 * </WebSocketProvider>
 * ```
 */
export function WebSocketProvider({ children, gracePeriod = 1000 }: WebSocketProviderProps) {
  const [value] = useState<WebSocketContextValue>(() => {
    const pool = new ConnectionPool(gracePeriod);
    return {
      pool,
      connections: pool.connections,
      subscribe(url, callback, options) {
        const conn = pool.acquire(url, options);
        const off = conn.on("message", callback as (m: unknown) => void);
        conn.connect().catch(() => {}); // failures show in the connection's state
        return () => {
          off();
          pool.release(url);
        };
      },
      send(url, message, options) {
        const conn = pool.connections.get(url);
        if (!conn) throw new WsError("ERR_NOT_CONNECTED", `no connection to ${url} in this WebSocketProvider: subscribe to it (or use useWebSocket) first`);
        conn.send(message, options);
      },
      getConnectionState(url) {
        const s = pool.connections.get(url)?.getSnapshot();
        return s ? uiState(s.state, s.lastError !== null) : "disconnected";
      },
    };
  });
  // Closing everything when the provider itself goes away; a StrictMode
  // re-run of this effect finds the pool empty and costs nothing.
  useEffect(() => () => value.pool.dispose(), [value]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** The provider's value, or null outside any provider. */
export function useWebSocketContext(): WebSocketContextValue | null {
  return useContext(Context);
}
