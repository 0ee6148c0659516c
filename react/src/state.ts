import type { ConnectionState } from "@wasmsocket/client";

/** The spec's five states, as a UI shows them. */
export type UIConnectionState = "connecting" | "connected" | "disconnected" | "reconnecting" | "error";

export function uiState(s: ConnectionState, hasError = false): UIConnectionState {
  switch (s) {
    case "connecting":
    case "connected":
    case "reconnecting":
    case "disconnected":
      return s;
    case "failed":
      return "error";
    default: // idle
      return hasError ? "error" : "disconnected";
  }
}
