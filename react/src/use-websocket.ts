"use client";
import { WsError, type ConnectionManager, type ConnectionOptions, type ConnectionSnapshot, type ConnectionState, type Metrics, type SendOptions } from "@wasmsocket/client";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { HookStore } from "./hook-store.js";
import { ConnectionPool } from "./pool.js";
import { useWebSocketContext } from "./provider.js";
import { uiState, type UIConnectionState } from "./state.js";

export interface UseWebSocketOptions<In = unknown, Out = unknown> extends ConnectionOptions<In, Out> {
  /** Keep received messages in messageHistory. Default true. */
  keepHistory?: boolean;
  /** How many messages messageHistory keeps. Default 100. */
  maxHistorySize?: number;
  /** Connect on mount. Default true. */
  autoConnect?: boolean;
  /** Only messages it accepts reach lastMessage and messageHistory (and cause a render). */
  filter?: (message: In) => boolean;
  /** Called for every message, in order, as it arrives (not once per render). */
  onMessage?: (message: In) => void;
}

export interface UseWebSocketResult<In = unknown, Out = unknown> {
  connectionState: UIConnectionState;
  /** The core's own state, with "idle" and "failed" kept apart. */
  state: ConnectionState;
  lastMessage: In | null;
  messageHistory: readonly In[];
  /** Sends or queues; returns false (and sets error) if the message was refused. */
  sendMessage: (message: Out, options?: SendOptions) => boolean;
  connect: () => void;
  disconnect: () => void;
  reconnectAttempt: number;
  /** When the next retry happens (epoch ms), while reconnecting. */
  nextRetryAt: number | null;
  queueSize: number;
  error: WsError | null;
  metrics: Readonly<Metrics>;
  /** The full snapshot, for ConnectionStatus. */
  snapshot: ConnectionSnapshot;
  /** The underlying connection once created (null during server rendering). */
  connection: ConnectionManager<In, Out> | null;
}

/**
 * Reads a WebSocket connection in a component. Inside a WebSocketProvider,
 * components with the same URL share one connection; outside one, each
 * hook has its own. The connection survives StrictMode's double mount.
 *
 * ```tsx
 * const { connectionState, lastMessage, sendMessage } = useWebSocket<ChatMessage>("wss://example.com/chat", {
 *   onMessage: (m) => console.log(m),   // every message, in order
 * });
 * ```
 */
export function useWebSocket<In = unknown, Out = unknown>(url: string, options: UseWebSocketOptions<In, Out> = {}): UseWebSocketResult<In, Out> {
  const { keepHistory = true, maxHistorySize = 100, autoConnect = true, filter, onMessage, ...connectionOptions } = options;
  const context = useWebSocketContext();
  // Without a provider the hook keeps a pool of its own, for the same
  // grace period across StrictMode's unmount and remount.
  const [ownPool] = useState(() => (context ? null : new ConnectionPool()));
  const pool = context?.pool ?? ownPool!;
  const [store] = useState(() => new HookStore<In>({ keepHistory, maxHistorySize, filter, onMessage }));
  store.options = { keepHistory, maxHistorySize, filter, onMessage }; // the latest callbacks, without re-subscribing
  const [sendError, setSendError] = useState<WsError | null>(null);

  // The connection options are read when the connection is created; a
  // new object every render must not reconnect.
  const [initialOptions] = useState(connectionOptions);
  useEffect(() => {
    let conn: ConnectionManager<In, unknown>;
    try {
      conn = pool.acquire<In, unknown>(url, initialOptions as ConnectionOptions<In, unknown>);
    } catch (err) {
      store.failed(err instanceof WsError ? err : new WsError("ERR_INTERNAL", String(err)));
      return;
    }
    const detach = store.attach(conn);
    if (autoConnect) conn.connect().catch(() => {}); // failures show in the state
    return () => {
      detach();
      pool.release(url);
    };
  }, [pool, url, store, autoConnect, initialOptions]);

  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);

  const sendMessage = useCallback(
    (message: Out, sendOptions?: SendOptions): boolean => {
      const conn = store.connection as ConnectionManager<In, Out> | null;
      try {
        if (!conn) throw new WsError("ERR_NOT_CONNECTED", "the connection is not set up yet");
        conn.send(message, sendOptions);
        setSendError(null);
        return true;
      } catch (err) {
        setSendError(err instanceof WsError ? err : new WsError("ERR_ENCODE", String(err)));
        return false;
      }
    },
    [store],
  );
  const connect = useCallback(() => {
    store.connection?.connect().catch(() => {});
  }, [store]);
  const disconnect = useCallback(() => {
    store.connection?.disconnect();
  }, [store]);

  return useMemo(() => {
    const c = snap.connection;
    const error = snap.setupError ?? sendError ?? c.lastError;
    return {
      connectionState: uiState(c.state, error !== null),
      state: c.state,
      lastMessage: snap.lastMessage,
      messageHistory: snap.messageHistory,
      sendMessage,
      connect,
      disconnect,
      reconnectAttempt: c.attempt,
      nextRetryAt: c.nextRetryAt,
      queueSize: c.queueSize,
      error,
      metrics: c.metrics,
      snapshot: c,
      connection: store.connection as ConnectionManager<In, Out> | null,
    };
  }, [snap, sendError, sendMessage, connect, disconnect, store]);
}
