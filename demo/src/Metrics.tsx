import type { UseWebSocketResult } from "@wasmsocket/react";
import { useEffect, useRef, useState } from "react";

// Live figures from the Go core's metrics.
export function Metrics({ ws }: { ws: UseWebSocketResult<any, any> }) {
  const [rate, setRate] = useState(0);
  const last = useRef<{ n: number; t: number } | null>(null);
  const conn = ws.connection;
  useEffect(() => {
    if (!conn) return;
    const id = setInterval(() => {
      const n = conn.getMetrics().messagesIn;
      const t = performance.now();
      if (last.current) setRate(Math.round(((n - last.current.n) * 1000) / (t - last.current.t)));
      last.current = { n, t };
    }, 1000);
    return () => clearInterval(id);
  }, [conn]);
  const m = ws.metrics;
  const rows: Array<[string, string]> = [
    ["Messages per second", rate.toLocaleString()],
    ["Messages in / out", `${m.messagesIn.toLocaleString()} / ${m.messagesOut.toLocaleString()}`],
    ["Heartbeat round trip", m.heartbeatRtt === null ? "—" : `${m.heartbeatRtt.toFixed(1)} ms`],
    ["Reconnects", String(m.reconnects)],
    ["Retry attempt", String(ws.reconnectAttempt)],
    ["Queue high-water mark", String(m.queueHighWater)],
    ["Dropped from the queue", String(m.dropped)],
  ];
  return (
    <section className="metrics">
      <h2>Metrics</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-testid={k}>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
