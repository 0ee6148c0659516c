// React delivery, one repetition per page load: a flood of n messages
// (32 B) into a rendered component, for @wasmsocket/react's useWebSocket,
// react-use-websocket, and a hand-written useEffect/useState component.
//
// For each: t0 = the flood command is sent (the socket is already open);
// the run ends when the component commits a render showing the flood's last
// message (seq n). "Observed" counts the messages the component's own code
// saw: onMessage calls for @wasmsocket/react, distinct lastMessage values
// for react-use-websocket, the count its state updater
// reached for the hand-written one (setState(prev => …) per message).
// Renders are commits (a layout effect without deps), and frames are
// requestAnimationFrame callbacks in the same window.
//
// Query: key, n, rot (rotates the order).
import { rawCodec, loadWasm, type WireData } from "@wasmsocket/client";
import { useWebSocket as useWasmSocket } from "@wasmsocket/react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import useReactUseWebSocket, { ReadyState } from "react-use-websocket";
import { deferred, log, now, num, params, run, settle, within, wasmUrl, wsBase, type Deferred } from "./common.js";

interface Probe {
  n: number;
  t0: number;
  observed: number;
  commits: number;
  done: Deferred<number>;
  /** Called once the socket is open: sends the flood command. */
  start: (flood: () => void) => void;
}

const seqOf = (m: unknown): number => {
  if (typeof m !== "string") return -1;
  const end = m.indexOf(",", 7);
  return Number(m.slice(7, end)); // {"seq":N,"p":"…"}
};

/** Counts commits and ends the run on the commit that shows seq n. */
function useProbe(p: Probe, last: unknown): void {
  useLayoutEffect(() => {
    p.commits++;
  });
  useLayoutEffect(() => {
    if (seqOf(last) === p.n) p.done.resolve(now());
  }, [last, p]);
}

const floodCmd = (n: number) => JSON.stringify({ type: "flood", count: n, size: 32 });

function Ours({ p }: { p: Probe }) {
  const { lastMessage, sendMessage, connectionState } = useWasmSocket<WireData, WireData>(`${wsBase}/ws/echo?client=react-ours`, {
    codec: rawCodec,
    heartbeat: false,
    onMessage: () => {
      p.observed++;
    },
  });
  useEffect(() => {
    if (connectionState === "connected") p.start(() => sendMessage(floodCmd(p.n)));
  }, [connectionState, sendMessage, p]);
  useProbe(p, lastMessage);
  return <Show state={connectionState} last={typeof lastMessage === "string" ? lastMessage : null} />;
}

function ReactUseWebSocket({ p }: { p: Probe }) {
  const { lastMessage, sendMessage, readyState } = useReactUseWebSocket(`${wsBase}/ws/echo?client=react-ruw`, { share: false });
  const data = (lastMessage?.data as string | undefined) ?? null;
  useLayoutEffect(() => {
    if (lastMessage) p.observed++;
  }, [lastMessage, p]);
  useEffect(() => {
    if (readyState === ReadyState.OPEN) p.start(() => sendMessage(floodCmd(p.n)));
  }, [readyState, sendMessage, p]);
  useProbe(p, data);
  return <Show state={ReadyState[readyState]} last={data} />;
}

function HandWritten({ p }: { p: Probe }) {
  const [state, setState] = useState<{ count: number; last: string | null }>({ count: 0, last: null });
  const [open, setOpen] = useState(false);
  const ws = useRef<WebSocket | null>(null);
  useEffect(() => {
    const s = new WebSocket(`${wsBase}/ws/echo?client=react-hand`);
    ws.current = s;
    s.onopen = () => setOpen(true);
    s.onmessage = (e: MessageEvent) => setState((prev) => ({ count: prev.count + 1, last: e.data as string }));
    return () => s.close();
  }, [p]);
  useEffect(() => {
    if (open) p.start(() => ws.current!.send(floodCmd(p.n)));
  }, [open, p]);
  useLayoutEffect(() => {
    p.observed = state.count; // every message passed through the updater
  }, [state, p]);
  useProbe(p, state.last);
  return <Show state={open ? "open" : "connecting"} last={state.last} />;
}

function Show({ state, last }: { state: string; last: string | null }) {
  return (
    <div>
      <p>{state}</p>
      <p>{last ?? "—"}</p>
    </div>
  );
}

const variants = {
  "@wasmsocket/react": Ours,
  "react-use-websocket": ReactUseWebSocket,
  "hand-written": HandWritten,
};

async function measure(name: keyof typeof variants, n: number) {
  const p: Probe = {
    n,
    t0: 0,
    observed: 0,
    commits: 0,
    done: deferred<number>(),
    start: () => {},
  };
  const started = deferred<void>();
  let startCommits = 0;
  p.start = (flood) => {
    if (p.t0) return;
    startCommits = p.commits;
    p.t0 = now();
    started.resolve();
    flood();
  };
  let frames = 0;
  let counting = true;
  const tick = () => {
    if (!counting) return;
    if (p.t0) frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const el = document.getElementById("root")!;
  const root = createRoot(el);
  const Component = variants[name];
  root.render(<Component p={p} />);
  try {
    await within(started.promise, 10_000, `${name}: open`);
    const t1 = await within(p.done.promise, 120_000, `${name}: flood of ${n} (observed ${p.observed})`);
    const secs = (t1 - p.t0) / 1000;
    const observed = p.observed;
    const renders = p.commits - startCommits;
    return {
      ms: t1 - p.t0,
      observed,
      lost: n - observed,
      deliveredPerSec: observed / secs,
      renders,
      rendersPerSec: renders / secs,
      frames,
      framesPerSec: frames / secs,
      rendersPerFrame: frames > 0 ? renders / frames : null,
    };
  } finally {
    counting = false;
    root.unmount();
    await settle(1200); // past @wasmsocket/react's 1 s pool grace period, so the socket is closed
  }
}

run(async () => {
  const n = num("n", 100_000);
  const rot = num("rot", 0);
  let names = Object.keys(variants) as Array<keyof typeof variants>;
  const only = params.get("only");
  if (only) names = names.filter((x) => only.split(",").includes(x));
  names = [...names.slice(rot % names.length), ...names.slice(0, rot % names.length)];
  await loadWasm({ wasmUrl });
  const results: Record<string, unknown> = {};
  for (const name of names) {
    try {
      results[name] = await measure(name, n);
    } catch (e) {
      results[name] = { error: e instanceof Error ? e.message : String(e) };
    }
    log(`${name}: ${JSON.stringify(results[name])}`);
  }
  return { order: names, results };
});
