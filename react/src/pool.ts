import { ConnectionManager, type ConnectionOptions } from "@wasmsocket/client";

/**
 * Connections shared by URL and reference-counted: the last user's release
 * closes a connection only after a grace period, so React StrictMode's
 * mount–unmount–mount (and a component that moves in the tree) reuses the
 * socket instead of opening a second one.
 */
export class ConnectionPool {
  /** The live connections, by the URL they were acquired with. */
  readonly connections = new Map<string, ConnectionManager<any, any>>();
  readonly #refs = new Map<string, number>();
  readonly #closing = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #listeners = new Set<() => void>();

  constructor(readonly gracePeriod = 1000) {}

  /**
   * Returns the connection for url, creating it with options if there is
   * none (a later caller's options do not change an existing connection).
   * Throws the client's WsError for an invalid URL or options.
   */
  acquire<In, Out>(url: string, options?: ConnectionOptions<In, Out>): ConnectionManager<In, Out> {
    const timer = this.#closing.get(url);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.#closing.delete(url);
    }
    let conn = this.connections.get(url);
    if (!conn) {
      conn = new ConnectionManager(url, options as ConnectionOptions);
      this.connections.set(url, conn);
      this.#changed();
    }
    this.#refs.set(url, (this.#refs.get(url) ?? 0) + 1);
    return conn as ConnectionManager<In, Out>;
  }

  /** Gives back one reference; the last one closes the connection after the grace period. */
  release(url: string): void {
    const n = (this.#refs.get(url) ?? 0) - 1;
    if (n > 0) {
      this.#refs.set(url, n);
      return;
    }
    this.#refs.delete(url);
    this.#closing.set(
      url,
      setTimeout(() => {
        this.#closing.delete(url);
        const conn = this.connections.get(url);
        this.connections.delete(url);
        conn?.dispose();
        this.#changed();
      }, this.gracePeriod),
    );
  }

  /** Closes everything now (the provider unmounted). */
  dispose(): void {
    for (const t of this.#closing.values()) clearTimeout(t);
    this.#closing.clear();
    for (const c of this.connections.values()) c.dispose();
    this.connections.clear();
    this.#refs.clear();
    this.#changed();
  }

  /** Hears of connections created or closed. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of [...this.#listeners]) l();
  }
}
