import type { ConnectionManager, QueuedMessage, SendOptions } from "./connection.js";
import { WsError } from "./errors.js";
import { queueToWire, type MessageOptions } from "./options.js";

/**
 * The spec's MessageHandler: type-safe sending through a connection's
 * queue, which lives in the Go core (bounded by count and bytes, an
 * overflow policy, priorities, replay on reconnect).
 *
 * ```ts
 * const handler = new MessageHandler<ChatMessage>({ bufferSize: 500, overflow: "drop-oldest" });
 * handler.setConnection(conn);
 * handler.send({ text: "hi" }, { priority: "high" });
 * handler.getQueuedMessages(); // what waits for the connection
 * ```
 */
export class MessageHandler<Out = unknown> {
  readonly options: Readonly<MessageOptions>;
  #conn: ConnectionManager<unknown, Out> | null = null;

  constructor(options: MessageOptions = {}) {
    queueToWire(options); // type errors throw here
    this.options = Object.freeze({ ...options });
  }

  /** Uses conn's queue, configured with this handler's options. */
  setConnection(conn: ConnectionManager<unknown, Out>): void {
    this.#conn = conn;
    conn.setQueueOptions(this.options);
  }

  /** Sends or queues; throws WsError as ConnectionManager.send does. */
  send(message: Out, options?: SendOptions): void {
    this.#connection().send(message, options);
  }

  getQueuedMessages(): Out[] {
    return this.#conn ? this.#conn.getQueuedMessages().map((m: QueuedMessage<Out>) => m.data as Out) : [];
  }

  clearQueue(): void {
    this.#conn?.clearQueue();
  }

  #connection(): ConnectionManager<unknown, Out> {
    if (!this.#conn) throw new WsError("ERR_NOT_CONNECTED", "MessageHandler has no connection: call setConnection() first");
    return this.#conn;
  }
}
