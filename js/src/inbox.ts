// The receive path's batching. coder/websocket's wasm build hands every
// message to Go in its own JavaScript-to-Go callback, and each callback
// runs Go's scheduler: measured in Chromium at about a quarter of a plain
// WebSocket's receive rate. The Go transport (wasm/transport/coder_js.go)
// installs this inbox on each socket it opens: it keeps messages here and
// wakes Go once per batch, and Go takes the whole batch in one copy.
// coder/websocket is handed `facade` instead of the socket: the same socket
// for everything but "message" listeners, which it ignores, so the
// per-message callback is never attached at all (stopping propagation is
// not enough: the npm package ws gives each listener its own event).
//
// Batch format, read by Go: per message  binary u8 | length u32 LE | bytes.

export interface Inbox {
  /**
   * Encodes waiting messages into `buf`, about 256 KiB at most (the rest
   * wait for the next take, so Go's heap, and with it the wasm's memory,
   * stays bounded under a flood), and returns the bytes used.
   */
  take(): number;
  /** The encode buffer; replaced when it has to grow. */
  buf: Uint8Array;
  /**
   * Sends a batch Go encoded in the same format, one WebSocket.send per
   * message, in order, and returns how many went out: fewer than the batch
   * holds only if the socket stopped being open (Go keeps the rest queued
   * for the next connection rather than lose them).
   */
  send(buf: Uint8Array, length: number): number;
  /**
   * Wakes Go with wake(seq) once the running task's synchronous code is
   * done (a microtask), so that a burst of sends crosses as one batch.
   */
  gather(seq: number): void;
  /** Stops listening. */
  close(): void;
  /** The socket as coder/websocket sees it: without "message" events. */
  facade: Pick<WebSocket, "addEventListener" | "removeEventListener" | "send" | "close" | "binaryType" | "protocol" | "readyState">;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const TAKE_LIMIT = 256 * 1024;

export function createInbox(ws: WebSocket, wake: (gathered?: number) => void): Inbox {
  let waiting: Array<string | ArrayBuffer> = [];
  let head = 0; // waiting[head:] are not taken yet
  let scheduled = false;
  let closed = false; // Go released wake: never call it again
  // A message-channel task rather than a microtask, so that the messages
  // already queued behind this one join the batch; rather than setTimeout,
  // which would add a millisecond when the connection is quiet.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    scheduled = false;
    wake();
  };
  const onMessage = (e: MessageEvent) => {
    waiting.push(e.data as string | ArrayBuffer);
    if (!scheduled) {
      scheduled = true;
      channel.port2.postMessage(0);
    }
  };
  ws.addEventListener("message", onMessage);

  const facade: Inbox["facade"] = {
    addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      if (type !== "message") ws.addEventListener(type, listener);
    },
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      if (type !== "message") ws.removeEventListener(type, listener);
    },
    send: (data: string | ArrayBufferLike | Blob | ArrayBufferView) => ws.send(data),
    close: (code?: number, reason?: string) => ws.close(code, reason),
    get binaryType() {
      return ws.binaryType;
    },
    set binaryType(t: BinaryType) {
      ws.binaryType = t;
    },
    get protocol() {
      return ws.protocol;
    },
    get readyState() {
      return ws.readyState;
    },
  };

  const inbox: Inbox = {
    facade,
    buf: new Uint8Array(64 * 1024),
    take() {
      let at = 0;
      while (head < waiting.length && at < TAKE_LIMIT) {
        const m = waiting[head]!;
        waiting[head++] = "";
        const bytes = typeof m === "string" ? null : new Uint8Array(m);
        const max = bytes ? bytes.length : (m as string).length * 3; // UTF-8 is at most 3 bytes per UTF-16 unit
        if (at + 5 + max > inbox.buf.length) {
          const grown = new Uint8Array(Math.max(inbox.buf.length * 2, at + 5 + max));
          grown.set(inbox.buf.subarray(0, at));
          inbox.buf = grown;
        }
        let n: number;
        if (bytes) {
          inbox.buf.set(bytes, at + 5);
          n = bytes.length;
        } else {
          n = encoder.encodeInto(m as string, inbox.buf.subarray(at + 5)).written;
        }
        inbox.buf[at] = bytes ? 1 : 0;
        inbox.buf[at + 1] = n & 0xff;
        inbox.buf[at + 2] = (n >>> 8) & 0xff;
        inbox.buf[at + 3] = (n >>> 16) & 0xff;
        inbox.buf[at + 4] = (n >>> 24) & 0xff;
        at += 5 + n;
      }
      if (head === waiting.length) {
        waiting = [];
        head = 0;
      }
      return at;
    },
    send(buf, length) {
      let sent = 0;
      for (let at = 0; at + 5 <= length; sent++) {
        if (ws.readyState !== 1) break; // WebSocket.OPEN; a closed socket would drop data silently
        const n = (buf[at + 1]! | (buf[at + 2]! << 8) | (buf[at + 3]! << 16) | (buf[at + 4]! << 24)) >>> 0;
        const body = buf.subarray(at + 5, at + 5 + n);
        // Binary is copied: Go reuses buf, and not every WebSocket (Node's
        // ws) copies a view before send returns.
        try {
          ws.send(buf[at] === 1 ? body.slice() : decoder.decode(body));
        } catch {
          break; // counted as not sent, so Go keeps it
        }
        at += 5 + n;
      }
      return sent;
    },
    gather(seq) {
      queueMicrotask(() => {
        if (!closed) wake(seq);
      });
    },
    close() {
      closed = true;
      ws.removeEventListener("message", onMessage);
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
    },
  };
  return inbox;
}
