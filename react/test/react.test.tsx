import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { StrictMode, useEffect, useState, version as reactVersion } from "react";
import { version as reactDomVersion } from "react-dom";
import { renderToString } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";
import { ConnectionStatus, useWebSocket, useWebSocketContext, WebSocketProvider, type UseWebSocketOptions } from "../dist/index.js";
import { acceptedFor, control, eventually, openFor, serverLog, uniqueTag, wsUrl } from "./helpers.js";

// Against the real wasm client and the real Go test server, in happy-dom.

const fast: UseWebSocketOptions = { heartbeat: false, reconnectDelay: 20, maxReconnectDelay: 50, maxReconnectAttempts: Infinity };

function echo(tag: string, query: Record<string, string | number> = {}) {
  return wsUrl("/ws/echo", { client: tag, ...query });
}

function State({ url, options = fast, label = "state" }: { url: string; options?: UseWebSocketOptions; label?: string }) {
  const { connectionState, error } = useWebSocket(url, options);
  return (
    <p data-testid={label}>
      {connectionState}
      {error ? `:${error.code}` : ""}
    </p>
  );
}

describe("useWebSocket", () => {
  test("runs with the React major under test (REACT=18 for the second run)", () => {
    const major = process.env.REACT ?? "19";
    // A React hook in a component rendered by a different React would fail
    // every other test; this one says which React they passed with.
    expect(reactVersion.split(".")[0]).toBe(major);
    expect(reactDomVersion.split(".")[0]).toBe(major);
  });

  test("shows the state through connect, kill and reconnect", async () => {
    const tag = uniqueTag("states");
    const seen: string[] = [];
    function Recorder({ url }: { url: string }) {
      const { connectionState } = useWebSocket(url, fast);
      if (seen.at(-1) !== connectionState) seen.push(connectionState);
      return <p data-testid="state">{connectionState}</p>;
    }
    render(<Recorder url={echo(tag)} />);
    await screen.findByText("connected");
    await act(async () => {
      await control("down", { ms: 300, client: tag });
    });
    await waitFor(
      () => {
        expect(seen).toContain("reconnecting");
        expect(seen.at(-1)).toBe("connected");
      },
      { timeout: 5000 },
    );
    // Every state a user saw, in order; the retries may show connecting/reconnecting more than once.
    expect(seen.slice(0, 2)).toEqual(["disconnected", "connecting"]);
    expect(seen).toContain("reconnecting");
    expect(seen.at(-1)).toBe("connected");
  });

  test("keeps messageHistory at maxHistorySize and lastMessage current", async () => {
    let result: ReturnType<typeof useWebSocket<{ seq: number }>> | undefined;
    function History({ url }: { url: string }) {
      result = useWebSocket<{ seq: number }>(url, { ...fast, maxHistorySize: 10 });
      return null;
    }
    render(<History url={echo(uniqueTag("history"))} />);
    await waitFor(() => expect(result?.connectionState).toBe("connected"));
    act(() => {
      result!.sendMessage({ type: "flood", count: 50, size: 32 } as never);
    });
    await waitFor(() => expect(result?.lastMessage?.seq).toBe(50));
    expect(result!.messageHistory.map((m) => m.seq)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(Object.isFrozen(result!.messageHistory)).toBe(true);
  });

  test("unmounting leaves zero server connections", async () => {
    const tag = uniqueTag("unmount");
    const { unmount } = render(
      <WebSocketProvider gracePeriod={20}>
        <State url={echo(tag)} />
      </WebSocketProvider>,
    );
    await screen.findByText("connected");
    expect(await openFor(tag)).toBe(1);
    unmount();
    await eventually("the server to see the close", async () => (await openFor(tag)) === 0);
  });

  test("two components on one URL share one socket; another URL gets its own", async () => {
    const tag = uniqueTag("share");
    const other = uniqueTag("other");
    render(
      <WebSocketProvider>
        <State url={echo(tag)} label="a" />
        <State url={echo(tag)} label="b" />
        <State url={echo(other)} label="c" />
      </WebSocketProvider>,
    );
    await waitFor(() => {
      for (const id of ["a", "b", "c"]) expect(screen.getByTestId(id).textContent).toBe("connected");
    });
    expect(await acceptedFor(tag)).toBe(1);
    expect(await acceptedFor(other)).toBe(1);
  });

  test("StrictMode opens exactly one socket, with a provider and without", async () => {
    const inProvider = uniqueTag("strict-provider");
    const alone = uniqueTag("strict-alone");
    render(
      <StrictMode>
        <WebSocketProvider>
          <State url={echo(inProvider)} label="p" />
        </WebSocketProvider>
        <State url={echo(alone)} label="q" />
      </StrictMode>,
    );
    await waitFor(() => {
      expect(screen.getByTestId("p").textContent).toBe("connected");
      expect(screen.getByTestId("q").textContent).toBe("connected");
    });
    await new Promise((r) => setTimeout(r, 100)); // time for a stray second socket to show
    expect(await acceptedFor(inProvider)).toBe(1);
    expect(await acceptedFor(alone)).toBe(1);
  });

  test("a 10,000-message burst reaches onMessage in full and in order, with renders bounded by frames", async () => {
    const seen: number[] = [];
    let renders = 0;
    let frames = 0;
    let counting = true;
    const tick = () => {
      frames++;
      if (counting) requestAnimationFrame(tick);
    };
    let send: ((m: unknown) => boolean) | undefined;
    function Burst({ url }: { url: string }) {
      const r = useWebSocket<{ seq: number }>(url, { ...fast, onMessage: (m) => seen.push(m.seq), maxHistorySize: 5 });
      renders++;
      send = r.sendMessage as (m: unknown) => boolean;
      return <p data-testid="last">{r.lastMessage?.seq ?? 0}</p>;
    }
    render(<Burst url={echo(uniqueTag("burst"))} />);
    await waitFor(() => expect(send).toBeDefined());
    await eventually("connected", () => screen.getByTestId("last") !== null);
    await new Promise((r) => setTimeout(r, 50));
    const rendersBefore = renders;
    frames = 0;
    requestAnimationFrame(tick);
    await act(async () => {
      send!({ type: "flood", count: 10_000, size: 32 });
      await eventually("the burst", () => seen.length === 10_000, 20_000);
    });
    await screen.findByText("10000");
    counting = false;
    expect(seen.every((s, i) => s === i + 1)).toBe(true);
    const burstRenders = renders - rendersBefore;
    expect(burstRenders).toBeGreaterThan(0);
    expect(burstRenders).toBeLessThanOrEqual(frames + 2);
    expect(burstRenders).toBeLessThan(10_000 / 20); // nowhere near one per message
  });

  test("filter keeps history to what it accepts, while onMessage sees everything", async () => {
    const all: unknown[] = [];
    let r: ReturnType<typeof useWebSocket<{ seq: number }>> | undefined;
    function Filtered({ url }: { url: string }) {
      r = useWebSocket<{ seq: number }>(url, { ...fast, filter: (m) => m.seq % 2 === 0, onMessage: (m) => all.push(m.seq) });
      return null;
    }
    render(<Filtered url={echo(uniqueTag("filter"))} />);
    await waitFor(() => expect(r?.connectionState).toBe("connected"));
    act(() => {
      r!.sendMessage({ type: "flood", count: 6, size: 32 } as never);
    });
    await waitFor(() => expect(r?.lastMessage?.seq).toBe(6));
    expect(all).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r!.messageHistory.map((m) => m.seq)).toEqual([2, 4, 6]);
  });

  test("history stays bounded whatever the batch size per frame", async () => {
    let r: ReturnType<typeof useWebSocket<{ seq: number }>> | undefined;
    function Small({ url }: { url: string }) {
      r = useWebSocket<{ seq: number }>(url, { ...fast, maxHistorySize: 3 });
      return null;
    }
    render(<Small url={echo(uniqueTag("bounded"))} />);
    await waitFor(() => expect(r?.connectionState).toBe("connected"));
    for (const count of [3, 1, 7, 3]) {
      act(() => {
        r!.sendMessage({ type: "flood", count, size: 32 } as never);
      });
      await waitFor(() => expect(r?.lastMessage?.seq).toBe(count));
      expect(r!.messageHistory.length).toBeLessThanOrEqual(3);
      expect(r!.messageHistory.at(-1)?.seq).toBe(count);
    }
  });

  test("function identities are stable across renders", async () => {
    const seen = new Set<unknown>();
    function Stable({ url }: { url: string }) {
      const r = useWebSocket(url, fast);
      seen.add(r.sendMessage);
      seen.add(r.connect);
      seen.add(r.disconnect);
      return <p>{r.connectionState}</p>;
    }
    render(<Stable url={echo(uniqueTag("stable"))} />);
    await screen.findByText("connected");
    expect(seen.size).toBe(3);
  });

  test("an invalid URL shows a clear error instead of crashing", async () => {
    function Bad() {
      const r = useWebSocket("ftp://example.com/socket", fast);
      return (
        <>
          <p data-testid="bad">
            {r.connectionState}:{r.error?.code}
          </p>
          <ConnectionStatus status={r} />
        </>
      );
    }
    render(<Bad />);
    await waitFor(() => expect(screen.getByTestId("bad").textContent).toBe("error:ERR_INVALID_URL"));
    expect(screen.getByRole("status").textContent).toContain("The server address is not valid.");
  });

  test("queues while disconnected, then sends in order on connect (autoConnect false)", async () => {
    const tag = uniqueTag("manual");
    let r: ReturnType<typeof useWebSocket> | undefined;
    function Manual({ url }: { url: string }) {
      r = useWebSocket(url, { ...fast, autoConnect: false });
      return <p data-testid="m">{`${r.connectionState}/${r.queueSize}`}</p>;
    }
    render(<Manual url={echo(tag)} />);
    await waitFor(() => expect(r?.connection).not.toBeNull());
    act(() => {
      expect(r!.sendMessage("one")).toBe(true);
      expect(r!.sendMessage("two")).toBe(true);
    });
    await waitFor(() => expect(screen.getByTestId("m").textContent).toBe("disconnected/2"));
    act(() => r!.connect());
    await waitFor(() => expect(screen.getByTestId("m").textContent).toBe("connected/0"));
    await eventually("delivery", async () => (await serverLog(tag)).length === 2);
    expect(await serverLog(tag)).toEqual(["one", "two"]);
  });

  test("no updates after unmount, and server rendering returns an idle snapshot", async () => {
    const html = renderToString(<State url={echo(uniqueTag("ssr"))} />);
    expect(html).toContain("disconnected");
    const tag = uniqueTag("late");
    let calls = 0;
    function Listener({ url }: { url: string }) {
      useWebSocket(url, { ...fast, onMessage: () => calls++ });
      return <p>listening</p>;
    }
    const tree = (show: boolean) => <WebSocketProvider gracePeriod={2000}>{show ? <Listener url={echo(tag)} /> : <p>gone</p>}</WebSocketProvider>;
    const { rerender } = render(tree(true));
    await eventually("connected", async () => (await openFor(tag)) === 1);
    rerender(tree(false));
    await screen.findByText("gone");
    const errors = vi.spyOn(console, "error");
    const after = calls;
    await act(async () => {
      // The connection is still open (grace period): its messages must reach no one.
      await control("flood", { client: tag, count: 100, size: 32 });
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await openFor(tag)).toBe(1);
    expect(calls).toBe(after);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe("WebSocketProvider context", () => {
  test("subscribe, send and getConnectionState", async () => {
    const tag = uniqueTag("context");
    const url = echo(tag);
    const got: unknown[] = [];
    let ctx: ReturnType<typeof useWebSocketContext> = null;
    function Consumer() {
      ctx = useWebSocketContext();
      useEffect(() => ctx!.subscribe(url, (m) => got.push(m)), []);
      return null;
    }
    render(
      <WebSocketProvider>
        <Consumer />
      </WebSocketProvider>,
    );
    await waitFor(() => expect(ctx!.getConnectionState(url)).toBe("connected"));
    expect(ctx!.connections.has(url)).toBe(true);
    ctx!.send(url, { hello: 1 });
    await waitFor(() => expect(got).toEqual([{ hello: 1 }]));
    expect(() => ctx!.send(echo("nobody"), "x")).toThrow(expect.objectContaining({ code: "ERR_NOT_CONNECTED" }));
    expect(ctx!.getConnectionState(echo("nobody"))).toBe("disconnected");
  });
});

describe("ConnectionStatus", () => {
  test("shows the attempt, a live countdown, a Retry now button and the queue", async () => {
    const tag = uniqueTag("status");
    const url = echo(tag);
    function App() {
      useWebSocket(url, { heartbeat: false, reconnectDelay: 5000, maxReconnectDelay: 5000, jitter: false });
      return <ConnectionStatus url={url} className="mine" />;
    }
    render(
      <WebSocketProvider>
        <App />
      </WebSocketProvider>,
    );
    const status = await screen.findByRole("status");
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.className).toContain("mine");
    await waitFor(() => expect(status.textContent).toBe("Connected"));
    await act(async () => {
      await control("down", { ms: 60_000, client: tag });
    });
    await waitFor(() => expect(status.textContent).toMatch(/^Reconnecting \(attempt 1\) — next try in 5 s/));
    await waitFor(() => expect(status.textContent).toMatch(/next try in 4 s/), { timeout: 2500 });
    expect(status.getAttribute("data-state")).toBe("reconnecting");
    await act(async () => {
      await control("reset"); // the server is back
    });
    fireEvent.click(screen.getByRole("button", { name: "Retry now" }));
    await waitFor(() => expect(status.textContent).toBe("Connected"), { timeout: 5000 });
  });

  test("puts the error in words and counts queued messages", async () => {
    const tag = uniqueTag("status-error");
    const url = echo(tag, { refuse: 503 });
    let send: ((m: unknown) => boolean) | undefined;
    function App() {
      const r = useWebSocket(url, { heartbeat: false, reconnectDelay: 10, maxReconnectDelay: 10, maxReconnectAttempts: 2 });
      send = r.sendMessage as (m: unknown) => boolean;
      return <ConnectionStatus status={r} />;
    }
    render(<App />);
    const status = await screen.findByRole("status");
    await waitFor(() => expect(status.getAttribute("data-state")).toBe("error"), { timeout: 5000 });
    expect(status.textContent).toContain("Connection failed");
    expect(status.textContent).toContain("Could not reconnect to the server. Try again later.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
    act(() => {
      send!("a");
      send!("b");
    });
    await waitFor(() => expect(status.textContent).toContain("2 messages waiting to be sent"));
  });
});
