// Decodes the byte batches the Go bridge emits (wasm/wire/wire.go):
// records of  kind u8 | connection u32 | length u32 | payload, little-endian.
// Kind 1 is a text message, 2 a binary message, 3 a JSON object.

export const KIND_TEXT = 1;
export const KIND_BINARY = 2;
export const KIND_JSON = 3;
const HEADER = 9;

export interface RecordSink {
  /** A message: a string if it was text, bytes if binary. */
  message(conn: number, data: string | Uint8Array): void;
  json(conn: number, record: { type: string } & Record<string, unknown>): void;
}

const utf8 = new TextDecoder();

/**
 * Reads `length` bytes of `buf`. The buffer is Go's and is reused for the
 * next batch: text is decoded and binary copied before this returns.
 */
export function decodeBatch(buf: Uint8Array, length: number, sink: RecordSink): void {
  const view = new DataView(buf.buffer, buf.byteOffset, length);
  let at = 0;
  while (at + HEADER <= length) {
    const kind = view.getUint8(at);
    const conn = view.getUint32(at + 1, true);
    const n = view.getUint32(at + 5, true);
    const start = at + HEADER;
    const end = start + n;
    if (end > length) throw new Error(`wasmsocket: truncated record (${end} > ${length})`);
    switch (kind) {
      case KIND_TEXT:
        sink.message(conn, utf8.decode(buf.subarray(start, end)));
        break;
      case KIND_BINARY:
        sink.message(conn, buf.slice(start, end));
        break;
      case KIND_JSON:
        sink.json(conn, JSON.parse(utf8.decode(buf.subarray(start, end))));
        break;
      default:
        throw new Error(`wasmsocket: unknown record kind ${kind}`);
    }
    at = end;
  }
}
