import { useState } from "react";
import { clientTag } from "./App.js";

// Buttons that make the test server misbehave, through its control API.
// Faults that act on connections are aimed at this page's own (client=TAG).
async function control(action: string, params: Record<string, string | number>): Promise<string> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const resp = await fetch(`/control/${action}?${q}`, { method: "POST" });
  const body = await resp.text();
  return resp.ok ? `${action}: ${body.trim()}` : `${action} failed: ${body.trim()}`;
}

export function Controls({ onBurst, burstResult }: { onBurst: (count: number) => void; burstResult: string | null }) {
  const [downSeconds, setDownSeconds] = useState(5);
  const [last, setLast] = useState<string | null>(null);
  const run = (action: string, params: Record<string, string | number> = {}) => () => {
    control(action, params).then(setLast, (e: Error) => setLast(`${action} failed: ${e.message}`));
  };
  return (
    <section className="controls">
      <h2>Make the server misbehave</h2>
      <div className="buttons">
        <button type="button" onClick={run("kill", { client: clientTag })} title="Drop the TCP connection without a close frame">
          Kill connection
        </button>
        <span className="down">
          <button type="button" onClick={run("down", { ms: downSeconds * 1000 })} title="Kill every connection and refuse new ones">
            Go down for
          </button>
          <input aria-label="Seconds down" type="number" min={1} max={120} value={downSeconds} onChange={(e) => setDownSeconds(Number(e.target.value))} /> s
        </span>
        <button type="button" onClick={run("stall", { ms: 60000, client: clientTag })} title="Stop reading and answering: a half-open connection the heartbeat must find">
          Stall
        </button>
        <button type="button" onClick={run("refuse", { n: 3 })} title="Refuse the next three connection attempts with 503">
          Refuse next 3
        </button>
        <button type="button" onClick={run("close", { client: clientTag, code: 1012, reason: "service restart" })}>
          Close with 1012
        </button>
        <button type="button" onClick={() => onBurst(10_000)}>
          Burst 10,000 messages
        </button>
      </div>
      {burstResult && (
        <p className="burst" data-testid="burst">
          {burstResult}
        </p>
      )}
      {last && <p className="last-action">{last}</p>}
    </section>
  );
}
