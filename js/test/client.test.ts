import { afterEach, describe, expect, test } from "vitest";
import { ConnectionManager, liveConnections, loadWasm, MessageHandler, ReconnectLogic, WsError, type ConnectionOptions } from "../dist/index.js";
import { control, eventually, next, openFor, serverLog, uniqueTag, wsUrl } from "./helpers.js";

// Against the real wasm (js/dist) and the real Go test server.

const made: ConnectionManager<any, any>[] = [];
function conn<In = unknown, Out = unknown>(url: string, options: ConnectionOptions<In, Out> = {}): ConnectionManager<In, Out> {
  const c = new ConnectionManager<In, Out>(url, { heartbeat: false, reconnectDelay: 20, maxReconnectDelay: 50, ...options });
  made.push(c);
  return c;
}
afterEach(() => {
  for (const c of made.splice(0)) c.dispose();
});

function echo(tag: string, query: Record<string, string | number> = {}) {
  return wsUrl("/ws/echo", { client: tag, ...query });
}

describe("importing", () => {
  test("does nothing until used, and loading leaves the page's globals alone", async () => {
    expect(liveConnections()).toBe(0);
    await loadWasm();
    const g = globalThis as Record<string, unknown>;
    expect(g.Go).toBeUndefined();
    expect(g.fs).toBeUndefined();
    expect(g.wasmsocketReady).toBeUndefined();
  });
});

describe("ConnectionManager", () => {
  test("connects, sends and receives: objects as JSON, strings as text", async () => {
    const tag = uniqueTag("echo");
    const c = conn<unknown, unknown>(echo(tag));
    const states: string[] = [];
    c.on("state", (s) => states.push(s));
    await c.connect();
    expect(c.isConnected()).toBe(true);
    const got = next(c, "message");
    c.send({ hello: "world", n: 1 });
    expect((await got)[0]).toEqual({ hello: "world", n: 1 });
    const got2 = next(c, "message");
    c.send("42");
    expect((await got2)[0]).toBe("42"); // text that is not an object or array stays text
    expect(states).toEqual(["connecting", "connected"]);
    expect(await serverLog(tag)).toEqual(['{"hello":"world","n":1}', "42"]);
  });

  test("binary round trip", async () => {
    const c = conn(echo(uniqueTag("bin")));
    await c.connect();
    const got = next(c, "message");
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    c.send(bytes);
    const [data, info] = await got;
    expect(info.binary).toBe(true);
    expect(data).toEqual(bytes);
  });

  test("queues while disconnected and replays in priority order, exactly once", async () => {
    const tag = uniqueTag("queue");
    const c = conn(echo(tag));
    c.send("n1");
    c.send("h1", { priority: "high" });
    c.send("l1", { priority: "low" });
    c.send("n2");
    await eventually("the core to hold the queue", () => c.getQueuedMessages().length === 4);
    expect(c.getQueuedMessages().map((m) => m.data)).toEqual(["h1", "n1", "n2", "l1"]);
    await c.connect();
    await eventually("replay", async () => (await serverLog(tag)).length === 4);
    expect(await serverLog(tag)).toEqual(["h1", "n1", "n2", "l1"]);
    expect(c.getQueuedMessages()).toEqual([]);
  });

  test("reconnects with backoff after an abrupt kill and replays what was sent meanwhile", async () => {
    const tag = uniqueTag("kill");
    const c = conn(echo(tag), { maxReconnectAttempts: Infinity });
    await c.connect();
    const closed = next(c, "close");
    const reconnecting = next(c, "reconnecting");
    await control("down", { ms: 300, client: tag });
    const [info] = await closed;
    expect(info).toMatchObject({ code: 1006, willReconnect: true });
    const [{ attempt, delay }] = await reconnecting;
    expect(attempt).toBe(1);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(20);
    for (let i = 0; i < 5; i++) c.send(`offline-${i}`);
    await next(c, "open");
    await eventually("replay", async () => (await serverLog(tag)).length === 5);
    expect(await serverLog(tag)).toEqual(["offline-0", "offline-1", "offline-2", "offline-3", "offline-4"]);
    expect(c.getSnapshot().metrics.reconnects).toBe(1);
  });

  test("gives up after maxReconnectAttempts with ERR_MAX_RETRIES", async () => {
    const c = conn(echo(uniqueTag("refuse"), { refuse: 503 }), { maxReconnectAttempts: 3 });
    const retries: number[] = [];
    c.on("reconnecting", ({ attempt }) => retries.push(attempt));
    const err = await c.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WsError);
    expect((err as WsError).code).toBe("ERR_MAX_RETRIES");
    expect((err as WsError).message).toMatch(/3 reconnection attempts/);
    expect(retries).toEqual([1, 2, 3]);
    expect(c.getSnapshot()).toMatchObject({ state: "failed", attempt: 3 });
    expect(c.getSnapshot().lastError?.code).toBe("ERR_MAX_RETRIES");
  });

  test("invalid URLs fail with ERR_INVALID_URL and a readable message", async () => {
    for (const bad of ["ftp://example.com", "not a url", "ws://example.com/#frag", "ws://127.0.0.1:99999/ws"]) {
      expect(() => new ConnectionManager(bad)).toThrow(WsError);
      try {
        new ConnectionManager(bad);
      } catch (e) {
        expect((e as WsError).code).toBe("ERR_INVALID_URL");
        expect((e as WsError).message).toContain("invalid WebSocket URL");
      }
    }
  });

  test("invalid options fail with ERR_INVALID_OPTIONS naming the option", async () => {
    expect(() => new ConnectionManager(echo("x"), { maxReconnectAttempts: "5" as unknown as number })).toThrow(/maxReconnectAttempts must be a number/);
    expect(() => new ConnectionManager(echo("x"), { overflow: "explode" as never })).toThrow(WsError);
    const c = conn(echo("x"), { connectionTimeout: -5 });
    const err = await c.connect().catch((e: unknown) => e);
    expect((err as WsError).code).toBe("ERR_INVALID_OPTIONS");
    expect((err as WsError).message).toContain("connectionTimeout");
  });

  test("a connection attempt times out with ERR_TIMEOUT and leaves no socket", async () => {
    const tag = uniqueTag("timeout");
    const c = conn(echo(tag, { delay: 1500 }), { connectionTimeout: 100, autoReconnect: false });
    const err = await c.connect().catch((e: unknown) => e);
    expect((err as WsError).code).toBe("ERR_TIMEOUT");
    await new Promise((r) => setTimeout(r, 1700)); // past the server's delay
    expect(await openFor(tag)).toBe(0);
  });

  test("the heartbeat catches a stalled server and reconnects", async () => {
    const tag = uniqueTag("stall");
    const c = conn(echo(tag, { stall_after: 1, stall_ms: 5000 }), { heartbeat: { interval: 100, timeout: 200 } });
    await c.connect();
    const err = next(c, "error");
    c.send("go quiet");
    expect((await err)[0].code).toBe("ERR_HEARTBEAT_TIMEOUT");
    await next(c, "open");
    expect(c.getSnapshot().metrics.reconnects).toBe(1);
  });

  test("a 10,000-message burst arrives complete and in order", async () => {
    const c = conn<{ seq: number }>(echo(uniqueTag("burst")));
    await c.connect();
    const seqs: number[] = [];
    const done = new Promise<void>((resolve) =>
      c.on("message", (m) => {
        seqs.push(m.seq);
        if (seqs.length === 10_000) resolve();
      }),
    );
    c.send({ type: "flood", count: 10_000, size: 32 });
    await done;
    expect(seqs.every((s, i) => s === i + 1)).toBe(true);
    await eventually("metrics", () => c.getSnapshot().metrics.messagesIn === 10_000);
  });

  test("a synchronous loop of 5,000 sends reaches the server complete and in order", async () => {
    // The sends gather until this task ends and cross to the socket in
    // batches (see js/src/inbox.ts); none may be lost, doubled or reordered,
    // and gathering must never fill the queue (default: 1000 messages, so
    // without the flush at half of it send 1001 would throw ERR_QUEUE_FULL).
    const tag = uniqueTag("send-burst");
    const c = conn(echo(tag));
    await c.connect();
    const sent: string[] = [];
    for (let i = 0; i < 5000; i++) {
      sent.push(`s${i}:${"é".repeat(i % 7)}`);
      c.send(sent[i]!);
    }
    await eventually("all logged", async () => (await serverLog(tag)).length >= 5000, 20_000);
    expect(await serverLog(tag)).toEqual(sent);
    await eventually("counted out", () => c.getSnapshot().metrics.messagesOut === 5000);
  });

  test("overflow: reject throws ERR_QUEUE_FULL, the drop policies report each drop", async () => {
    const c = conn(echo(uniqueTag("reject")), { bufferSize: 2 });
    await loadWasm();
    await eventually("created", () => c.getQueuedMessages().length === 0);
    c.send("a");
    c.send("b");
    expect(() => c.send("c")).toThrow(expect.objectContaining({ code: "ERR_QUEUE_FULL" }));

    for (const [overflow, dropped, kept] of [
      ["drop-oldest", "a", ["b", "c"]],
      ["drop-newest", "c", ["a", "b"]],
    ] as const) {
      const d = conn(echo(uniqueTag(overflow)), { bufferSize: 2, overflow });
      await new Promise((r) => setTimeout(r, 0));
      const drop = next(d, "drop");
      for (const m of ["a", "b", "c"]) d.send(m);
      const [info] = await drop;
      expect(info).toMatchObject({ reason: "overflow", data: dropped, binary: false });
      expect(d.getQueuedMessages().map((m) => m.data)).toEqual(kept);
    }
  });

  test("enableQueue false: sending while disconnected throws ERR_NOT_CONNECTED", async () => {
    const c = conn(echo(uniqueTag("noqueue")), { enableQueue: false });
    expect(() => c.send("x")).toThrow(expect.objectContaining({ code: "ERR_NOT_CONNECTED" }));
    await c.connect();
    expect(() => c.send("x")).not.toThrow();
  });

  test("dispose closes the socket: the server holds zero connections", async () => {
    const tag = uniqueTag("dispose");
    const cs = [conn(echo(tag)), conn(echo(tag)), conn(echo(tag))];
    await Promise.all(cs.map((c) => c.connect()));
    expect(await openFor(tag)).toBe(3);
    const before = liveConnections();
    for (const c of cs) c.dispose();
    expect(liveConnections()).toBe(before - 3);
    await eventually("the server to see the closes", async () => (await openFor(tag)) === 0);
    expect(() => cs[0]!.send("x")).toThrow(expect.objectContaining({ code: "ERR_DISPOSED" }));
    await expect(cs[0]!.connect()).rejects.toMatchObject({ code: "ERR_DISPOSED" });
  });

  test("disconnect() while reconnecting rejects connect() with ERR_DISCONNECTED", async () => {
    const c = conn(echo(uniqueTag("disc"), { refuse: 503 }), { reconnectDelay: 60_000, maxReconnectDelay: 60_000 });
    const p = c.connect();
    await next(c, "reconnecting");
    c.disconnect();
    await expect(p).rejects.toMatchObject({ code: "ERR_DISCONNECTED" });
    expect(c.getSnapshot().state).toBe("disconnected");
  });

  test("the server's close code decides: 1008 stops, 1012 reconnects", async () => {
    const stop = conn(echo(uniqueTag("c1008"), { close_code: 1008, close_after: 0, close_reason: "go away" }));
    const closed = next(stop, "close");
    stop.connect().catch(() => {});
    expect((await closed)[0]).toMatchObject({ code: 1008, reason: "go away", willReconnect: false });

    const retry = conn(echo(uniqueTag("c1012"), { close_code: 1012, close_after: 0 }));
    const closed2 = next(retry, "close");
    retry.connect().catch(() => {});
    expect((await closed2)[0]).toMatchObject({ code: 1012, willReconnect: true });

    const custom = conn(echo(uniqueTag("pred"), { close_code: 1008, close_after: 0 }), { shouldReconnect: (c) => c.code === 1008 });
    const closed3 = next(custom, "close");
    custom.connect().catch(() => {});
    expect((await closed3)[0]).toMatchObject({ code: 1008, willReconnect: true });
  });
});

describe("event delivery", () => {
  test("listeners never run inside the caller's own call", async () => {
    const c = conn(echo(uniqueTag("reentry")));
    await c.connect();
    let inside = false;
    let ranInside = false;
    c.on("state", () => (ranInside ||= inside));
    c.on("queue", () => (ranInside ||= inside));
    inside = true;
    c.disconnect();
    c.send("queued while disconnected");
    inside = false;
    await next(c, "queue");
    expect(ranInside).toBe(false);
    expect(c.getSnapshot().state).toBe("disconnected");
  });
});

describe("the store", () => {
  test("getSnapshot is stable until something changes, and subscribers hear of changes", async () => {
    const c = conn(echo(uniqueTag("store")));
    const s0 = c.getSnapshot();
    expect(s0).toBe(c.getSnapshot());
    expect(s0.state).toBe("idle");
    let calls = 0;
    const unsubscribe = c.subscribe(() => calls++);
    await c.connect();
    await eventually("a notification", () => calls > 0);
    const s1 = c.getSnapshot();
    expect(s1).not.toBe(s0);
    expect(s1.state).toBe("connected");
    expect(Object.isFrozen(s1)).toBe(true);
    expect(c.getSnapshot()).toBe(s1);
    unsubscribe();
    const n = calls;
    const disconnected = next(c, "state", (s) => s === "disconnected");
    c.disconnect();
    await disconnected;
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toBe(n);
  });

  test("metrics and queue size reach the snapshot", async () => {
    const c = conn(echo(uniqueTag("metrics")));
    c.send("q1");
    c.send("q2");
    await eventually("queue size", () => c.getSnapshot().queueSize === 2);
    await c.connect();
    await eventually("echoes counted", () => c.getSnapshot().metrics.messagesIn === 2, 5000);
    expect(c.getSnapshot()).toMatchObject({ queueSize: 0, metrics: { messagesOut: 2, connects: 1 } });
  });
});

describe("MessageHandler and ReconnectLogic", () => {
  test("MessageHandler configures the connection's queue and sends through it", async () => {
    const tag = uniqueTag("handler");
    const c = conn<unknown, { n: number }>(echo(tag));
    const h = new MessageHandler<{ n: number }>({ bufferSize: 2, overflow: "reject" });
    expect(() => h.send({ n: 0 })).toThrow(expect.objectContaining({ code: "ERR_NOT_CONNECTED" }));
    h.setConnection(c);
    await eventually("created", () => c.getQueuedMessages().length === 0);
    h.send({ n: 1 });
    h.send({ n: 2 });
    expect(() => h.send({ n: 3 })).toThrow(expect.objectContaining({ code: "ERR_QUEUE_FULL" }));
    expect(h.getQueuedMessages()).toEqual([{ n: 1 }, { n: 2 }]);
    h.clearQueue();
    expect(h.getQueuedMessages()).toEqual([]);
  });

  test("ReconnectLogic computes the core's delays", async () => {
    const logic = await ReconnectLogic.create({ initialDelay: 100, maxDelay: 1000, jitter: false });
    expect([0, 1, 2, 3, 4, 5].map((n) => logic.getNextDelay(n))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const half = new ReconnectLogic({ initialDelay: 100, maxDelay: 1000, jitter: "full" }, () => 0.5);
    expect(half.getNextDelay(3)).toBe(400);
    expect(logic.shouldRetry(9, 10)).toBe(true);
    expect(logic.shouldRetry(10, 10)).toBe(false);
    expect(logic.shouldRetry(1e6, Infinity)).toBe(true);
    expect(() => new ReconnectLogic({ initialDelay: 10, maxDelay: 5 })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
  });
});
