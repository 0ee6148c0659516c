import { WsError } from "./errors.js";

/** What a message is on the wire: text or bytes. */
export type WireData = string | Uint8Array;

/**
 * Turns application messages into wire data and back. The default
 * ({@link jsonCodec}) sends strings as text, binary data as binary and
 * anything else as JSON text, and decodes received text that is a JSON
 * object or array, leaving other text as a string.
 */
export interface Codec<In = unknown, Out = unknown> {
  encode(message: Out): WireData;
  decode(data: WireData): In;
}

export const jsonCodec: Codec<unknown, unknown> = {
  encode(message) {
    if (typeof message === "string") return message;
    if (message instanceof Uint8Array) return message;
    if (message instanceof ArrayBuffer) return new Uint8Array(message);
    if (ArrayBuffer.isView(message)) return new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    if (message === undefined || typeof message === "function" || typeof message === "symbol") {
      throw new WsError("ERR_ENCODE", `cannot send ${typeof message}: send a string, binary data or a JSON-serialisable value`);
    }
    if (typeof Blob !== "undefined" && message instanceof Blob) {
      throw new WsError("ERR_ENCODE", "cannot send a Blob synchronously: send `await blob.arrayBuffer()` instead");
    }
    try {
      return JSON.stringify(message);
    } catch (cause) {
      throw new WsError("ERR_ENCODE", `cannot encode the message as JSON: ${(cause as Error).message}`, { cause });
    }
  },
  decode(data) {
    if (typeof data !== "string") return data;
    // Only objects and arrays are decoded: a chat line "42" or "true" stays text.
    let i = 0;
    while (i < data.length && (data.charCodeAt(i) === 32 || data.charCodeAt(i) === 10 || data.charCodeAt(i) === 13 || data.charCodeAt(i) === 9)) i++;
    const c = data.charCodeAt(i);
    if (c !== 123 /* { */ && c !== 91 /* [ */) return data;
    try {
      return JSON.parse(data);
    } catch {
      return data;
    }
  },
};

/** Sends and receives text and bytes as they are. */
export const rawCodec: Codec<WireData, WireData> = {
  encode: (m) => m,
  decode: (d) => d,
};
