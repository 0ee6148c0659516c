"use client";
import { describeError, idleSnapshot, type ConnectionManager, type ConnectionSnapshot, type WsError } from "@wasmsocket/client";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useWebSocketContext } from "./provider.js";
import { uiState, type UIConnectionState } from "./state.js";
import type { UseWebSocketResult } from "./use-websocket.js";

export interface ConnectionStatusProps {
  /** The connection, by URL, inside a WebSocketProvider. */
  url?: string;
  /** Or a useWebSocket result, with or without a provider. */
  status?: Pick<UseWebSocketResult, "snapshot" | "error" | "connect" | "connection">;
  className?: string;
  /** Replaces the headline of a state. */
  labels?: Partial<Record<UIConnectionState, string>>;
}

const defaultLabels: Record<UIConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting",
  disconnected: "Disconnected",
  error: "Connection failed",
};

const noSubscribe = () => () => {};
const idle = idleSnapshot();

/**
 * A provider's connection for url, observed: the status neither opens a
 * connection nor keeps one alive, so it never creates one with default
 * options ahead of the hook that has the real ones.
 */
function useProviderConnection(url: string | undefined): { snapshot: ConnectionSnapshot; connection: ConnectionManager | null } {
  const context = useWebSocketContext();
  const [conn, setConn] = useState<ConnectionManager | null>(null);
  useEffect(() => {
    if (!context || url === undefined) return;
    const look = () => setConn(context.pool.connections.get(url) ?? null);
    look();
    const off = context.pool.onChange(look);
    return () => {
      off();
      setConn(null);
    };
  }, [context, url]);
  const snapshot = useSyncExternalStore(conn?.subscribe ?? noSubscribe, conn?.getSnapshot ?? (() => idle), () => idle);
  return { snapshot, connection: conn };
}

/** Seconds until t, updated every 250 ms while t is set. */
function useSecondsUntil(t: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (t === null) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [t]);
  return t === null ? null : Math.max(0, Math.ceil((t - now) / 1000));
}

/**
 * An accessible, live connection indicator: a coloured dot and a headline
 * per state; while reconnecting, the attempt and a countdown to the next
 * try with a "Retry now" button; the last error in words a person
 * understands; and how many messages wait to be sent.
 *
 * ```tsx
 * <ConnectionStatus url="wss://example.com/chat" />      // inside a WebSocketProvider
 * <ConnectionStatus status={useWebSocket(url)} />        // anywhere
 * ```
 * Import "@wasmsocket/react/styles.css" for the default look, or style the
 * `wss-status*` classes yourself.
 */
export function ConnectionStatus({ url, status, className, labels }: ConnectionStatusProps) {
  const fromProvider = useProviderConnection(status ? undefined : url);
  const snapshot = status?.snapshot ?? fromProvider.snapshot;
  const connection = status?.connection ?? fromProvider.connection;
  const error: WsError | null = status?.error ?? snapshot.lastError;
  const state = uiState(snapshot.state, error !== null);
  const seconds = useSecondsUntil(snapshot.state === "reconnecting" ? snapshot.nextRetryAt : null);
  const retry = () => {
    if (status) status.connect();
    else connection?.connect().catch(() => {});
  };
  const headline = { ...defaultLabels, ...labels }[state];
  return (
    <div role="status" aria-live="polite" className={["wss-status", `wss-status--${state}`, className].filter(Boolean).join(" ")} data-state={state}>
      <span className="wss-status__dot" aria-hidden="true" />
      <span className="wss-status__text">
        {headline}
        {state === "reconnecting" && (
          <>
            {` (attempt ${snapshot.attempt})`}
            {!snapshot.online ? " — waiting for the network" : seconds !== null ? ` — next try in ${seconds} s` : ""}
          </>
        )}
      </span>
      {(state === "reconnecting" || state === "error") && connection && (
        <button type="button" className="wss-status__retry" onClick={retry}>
          {state === "reconnecting" ? "Retry now" : "Try again"}
        </button>
      )}
      {error && state !== "connected" && (
        <span className="wss-status__error" title={error.message}>
          {describeError(error)}
        </span>
      )}
      {snapshot.queueSize > 0 && (
        <span className="wss-status__queue">
          {snapshot.queueSize === 1 ? "1 message waiting to be sent" : `${snapshot.queueSize} messages waiting to be sent`}
        </span>
      )}
    </div>
  );
}
