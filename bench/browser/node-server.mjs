// The Node side of the socket.io comparison, started by run.mjs as a child
// process: one HTTP server on 127.0.0.1 carrying
//   - a socket.io server (websocket transport only, as the page connects)
//     with events equivalent to the Go test server's commands:
//       "flood" {count,size}  -> count "m" events, each the Go server's flood text
//                                {"seq":N,"p":"xxx"} padded to size bytes
//       "d" payload           -> counted and discarded (the sink)
//       "count"               -> "count" n, n = "d" events received on this socket so far
//       "e" payload           -> "e" payload back (echo)
//   - a plain WebSocket server (package ws) at /ws/echo and /ws/sink with the
//     Go server's own text protocol (flood, count, ping, echo), so socket.io
//     is compared with a plain WebSocket against the same Node process.
// Floods respect backpressure (write a chunk, wait until it left), as the
// Go server's writer does, so a flood never buffers megabytes in Node.
// It prints "node-server: listening on http://127.0.0.1:PORT" and exits on
// SIGTERM, SIGINT or when its stdin closes (its parent died).
import { createServer } from "node:http";
import { Server as SocketIOServer } from "socket.io";
import { WebSocketServer } from "ws";

const CHUNK = 256; // messages written before checking backpressure
const HIGH_WATER = 1 << 20; // bytes buffered in the socket before waiting for 'drain'

const pad = "x".repeat(1 << 16);
/** The Go test server's flood message seq, exactly (testserver/server/flood.go). */
export function floodText(seq, size) {
  const head = `{"seq":${seq},"p":"`;
  const n = Math.max(0, size - head.length - 2);
  return head + pad.slice(0, n) + `"}`;
}

const http = createServer((req, res) => {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("node-server: nothing here\n");
});

// ---- plain WebSocket (ws), the Go server's protocol ----
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 << 20 });
http.on("upgrade", (req, socket, head) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  if (path === "/ws/echo" || path === "/ws/sink") {
    wss.handleUpgrade(req, socket, head, (ws) => servePlain(ws, path === "/ws/sink"));
  }
  // anything else (socket.io's /socket.io/) is engine.io's own upgrade handler's
});

function servePlain(ws, sink) {
  let received = 0;
  let chain = Promise.resolve(); // floods and what follows them, in order
  let flooding = 0;
  const later = (fn) => {
    flooding++;
    chain = chain.then(fn).catch(() => {}).finally(() => flooding--);
  };
  ws.on("message", (data, isBinary) => {
    if (!isBinary) {
      const text = data.toString();
      if (text === "ping") return flooding ? later(() => ws.send("pong")) : ws.send("pong");
      if (text.startsWith('{"type":"flood"')) {
        const { count, size } = JSON.parse(text);
        return later(() => floodPlain(ws, count, size ?? 0));
      }
      if (sink && text === '{"type":"count"}') {
        const reply = `{"type":"count","n":${received}}`;
        return flooding ? later(() => ws.send(reply)) : ws.send(reply);
      }
    }
    received++;
    if (sink) return;
    const copy = isBinary ? data : data.toString();
    if (flooding) later(() => ws.send(copy, { binary: isBinary }));
    else ws.send(copy, { binary: isBinary });
  });
  ws.on("error", () => {});
}

async function floodPlain(ws, count, size) {
  const raw = ws._socket; // net.Socket: its 'drain' is the backpressure signal
  for (let seq = 1; seq <= count; ) {
    if (ws.readyState !== ws.OPEN) return;
    for (const end = Math.min(count, seq + CHUNK - 1); seq <= end; seq++) ws.send(floodText(seq, size));
    if (ws.bufferedAmount > HIGH_WATER) await drained(raw);
    else if (seq <= count) await new Promise((r) => setImmediate(r));
  }
}

function drained(emitter) {
  return new Promise((resolve) => {
    const done = () => {
      emitter.off("drain", done);
      emitter.off("close", done);
      resolve();
    };
    emitter.on("drain", done);
    emitter.on("close", done);
  });
}

// ---- socket.io ----
const io = new SocketIOServer(http, {
  transports: ["websocket"],
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 16 << 20,
  destroyUpgrade: false, // the ws server above owns the other upgrade paths
  cors: { origin: "*" },
});

io.on("connection", (socket) => {
  let received = 0;
  socket.on("d", () => {
    received++;
  });
  socket.on("count", () => socket.emit("count", received));
  socket.on("e", (payload) => socket.emit("e", payload));
  socket.on("flood", async ({ count, size }) => {
    for (let seq = 1; seq <= count; ) {
      if (!socket.connected) return;
      for (const end = Math.min(count, seq + CHUNK - 1); seq <= end; seq++) socket.emit("m", floodText(seq, size ?? 0));
      // engine.io writes its buffer to the transport and emits "drain" on
      // the engine socket once the transport has taken all of it.
      if (socket.conn.writeBuffer.length > 0 || !socket.conn.transport.writable) await drained(socket.conn);
      const raw = socket.conn.transport.socket?._socket;
      if (raw && raw.writableLength > HIGH_WATER) await drained(raw);
    }
  });
});

http.listen(0, "127.0.0.1", () => {
  const { port } = http.address();
  process.stdout.write(`node-server: listening on http://127.0.0.1:${port}\n`);
});

function shutdown() {
  io.close();
  for (const c of wss.clients) c.terminate();
  http.closeAllConnections?.();
  http.close();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.stdin.on("end", shutdown);
process.stdin.on("error", shutdown);
process.stdin.resume();
