import { idleSnapshot, type ConnectionManager, type ConnectionSnapshot, type WsError } from "@wasmsocket/client";
import { onNextFrame } from "./frame.js";

/** What one useWebSocket renders from. Immutable; replaced on change. */
export interface HookSnapshot<In> {
  readonly connection: ConnectionSnapshot;
  readonly lastMessage: In | null;
  readonly messageHistory: readonly In[];
  /** Creating the connection failed (invalid URL or options). */
  readonly setupError: WsError | null;
}

export interface MessageOptions<In> {
  keepHistory: boolean;
  maxHistorySize: number;
  filter?: ((message: In) => boolean) | undefined;
  onMessage?: ((message: In) => void) | undefined;
}

const serverSnapshot: HookSnapshot<never> = Object.freeze({
  connection: idleSnapshot(),
  lastMessage: null,
  messageHistory: Object.freeze([]) as readonly never[],
  setupError: null,
});

/**
 * The external store behind one useWebSocket: it follows a connection's
 * snapshot, and turns its message events into lastMessage and a bounded
 * history. Messages reach onMessage one by one, in order, as they arrive;
 * the component hears of them, and of connection changes, at most once per
 * animation frame, whatever the rate (react-use-websocket renders once per
 * message and drops some under load).
 */
export class HookStore<In> {
  #snapshot: HookSnapshot<In>;
  #listeners = new Set<() => void>();
  #conn: ConnectionManager<In, unknown> | null = null;
  #detach: (() => void) | null = null;
  #pending: In[] = [];
  #cancelFrame: (() => void) | null = null;
  options: MessageOptions<In>;

  constructor(options: MessageOptions<In>) {
    this.options = options;
    this.#snapshot = serverSnapshot as HookSnapshot<In>;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): HookSnapshot<In> => this.#snapshot;

  getServerSnapshot = (): HookSnapshot<In> => serverSnapshot as HookSnapshot<In>;

  get connection(): ConnectionManager<In, unknown> | null {
    return this.#conn;
  }

  /** Follows conn until the returned function is called. */
  attach(conn: ConnectionManager<In, unknown>): () => void {
    this.#detach?.();
    this.#conn = conn;
    const offStore = conn.subscribe(() => this.#schedule());
    const offMessage = conn.on("message", (m) => this.#message(m));
    this.#update();
    const detach = () => {
      offStore();
      offMessage();
      this.#cancelFrame?.();
      this.#cancelFrame = null;
      this.#pending = [];
      if (this.#detach === detach) {
        this.#detach = null;
        this.#conn = null;
      }
    };
    this.#detach = detach;
    return detach;
  }

  /** Shows an error that kept the connection from being created. */
  failed(err: WsError): void {
    this.#set({ ...this.#snapshot, connection: { ...idleSnapshot(), state: "failed", lastError: err }, setupError: err });
  }

  #message(m: In): void {
    const { filter, onMessage } = this.options;
    onMessage?.(m); // every message, as react-use-websocket's users expect
    if (filter && !filter(m)) return;
    this.#pending.push(m);
    this.#schedule();
  }

  // Everything the component hears of, messages and connection changes
  // alike (metrics refresh every 250 ms while messages flow), waits for
  // the next frame: at most one render per frame.
  #schedule(): void {
    this.#cancelFrame ??= onNextFrame(() => {
      this.#cancelFrame = null;
      this.#update();
    });
  }

  /** Builds the next snapshot from the connection and the messages since the last one. */
  #update(): void {
    const conn = this.#conn;
    if (!conn) return;
    const prev = this.#snapshot;
    let { lastMessage, messageHistory } = prev;
    if (this.#pending.length > 0) {
      const fresh = this.#pending;
      this.#pending = [];
      lastMessage = fresh[fresh.length - 1]!;
      const { keepHistory, maxHistorySize } = this.options;
      if (keepHistory && maxHistorySize > 0) {
        const room = Math.max(0, maxHistorySize - fresh.length); // old messages that still fit
        const kept = room === 0 ? [] : messageHistory.slice(-room); // (slice(-0) would keep all)
        for (const m of fresh.length > maxHistorySize ? fresh.slice(-maxHistorySize) : fresh) kept.push(m);
        messageHistory = Object.freeze(kept);
      }
    }
    const connection = conn.getSnapshot();
    if (connection === prev.connection && lastMessage === prev.lastMessage && messageHistory === prev.messageHistory && prev.setupError === null) return;
    this.#set({ connection, lastMessage, messageHistory, setupError: null });
  }

  #set(s: HookSnapshot<In>): void {
    this.#snapshot = Object.freeze(s);
    for (const l of [...this.#listeners]) l();
  }
}
