import { ConnectionStatus, useWebSocket, WebSocketProvider, type UseWebSocketResult } from "@wasmsocket/react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Controls } from "./Controls.js";
import { Metrics } from "./Metrics.js";

// Page settings come from the query string, so the end-to-end tests (and a
// curious reader) can turn the heartbeat down or tag their connection:
//   ?client=TAG  &room=R  &hb=HEARTBEAT_MS  &hbt=TIMEOUT_MS
const query = new URLSearchParams(location.search);
export const clientTag = query.get("client") ?? `demo-${Math.random().toString(36).slice(2, 8)}`;
const room = query.get("room") ?? "demo";
const heartbeat = query.has("hb") ? { interval: Number(query.get("hb")), timeout: Number(query.get("hbt") ?? query.get("hb")) } : undefined;
const url = `${location.origin.replace(/^http/, "ws")}/ws/broadcast?room=${encodeURIComponent(room)}&client=${encodeURIComponent(clientTag)}`;

export interface ChatMessage {
  type: "chat";
  from: string;
  text: string;
  at: number;
}

interface FloodMessage {
  seq: number;
}

type Incoming = ChatMessage | FloodMessage | string;

const isChat = (m: Incoming): m is ChatMessage => typeof m === "object" && m !== null && (m as ChatMessage).type === "chat";

export function App() {
  const [mounted, setMounted] = useState(true);
  return (
    <WebSocketProvider gracePeriod={500}>
      <header>
        <h1>wasmsocket</h1>
        <p className="tagline">A WebSocket client whose connection core is Go, compiled to WebAssembly.</p>
        <ConnectionStatus url={url} />
        <button type="button" className="mount" onClick={() => setMounted((m) => !m)}>
          {mounted ? "Unmount the chat" : "Mount the chat"}
        </button>
      </header>
      {mounted ? <Chat /> : <p className="unmounted">The chat is unmounted: its connection closes after the provider's grace period.</p>}
    </WebSocketProvider>
  );
}

function Chat() {
  const burst = useRef({ expected: 0, received: 0, started: 0 });
  const [burstResult, setBurstResult] = useState<string | null>(null);
  const onMessage = useCallback((m: Incoming) => {
    // Every message passes here in order, even at thousands per second;
    // the component itself renders at most once per frame.
    if (typeof m === "object" && m !== null && "seq" in m) {
      const b = burst.current;
      if (++b.received === b.expected) {
        setBurstResult(`${b.expected.toLocaleString()} messages in ${Math.round(performance.now() - b.started)} ms, all in order`);
      } else if (m.seq !== b.received) {
        setBurstResult(`out of order at ${b.received}: got ${m.seq}`);
      }
    }
  }, []);
  const ws = useWebSocket<Incoming, ChatMessage | object>(url, {
    filter: isChat, // only chat lines reach messageHistory; bursts are counted in onMessage
    onMessage,
    maxHistorySize: 200,
    heartbeat,
    maxReconnectAttempts: Infinity,
  });
  const startBurst = (count: number) => {
    burst.current = { expected: count, received: 0, started: performance.now() };
    setBurstResult(`receiving ${count.toLocaleString()} messages…`);
    ws.sendMessage({ type: "flood", count, size: 64 });
  };
  return (
    <main>
      <section className="chat">
        <h2>Chat</h2>
        <ChatLog messages={ws.messageHistory as ChatMessage[]} />
        <SendBox ws={ws} />
        <Queue ws={ws} />
      </section>
      <aside>
        <Controls onBurst={startBurst} burstResult={burstResult} />
        <Metrics ws={ws} />
      </aside>
    </main>
  );
}

function ChatLog({ messages }: { messages: ChatMessage[] }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" }); // (it returns a promise in recent Chromium: not an effect cleanup)
  }, [messages]);
  return (
    <ol className="log" aria-label="Messages">
      {messages.length === 0 && <li className="empty">No messages yet. Say something, then kill the connection and keep typing.</li>}
      {messages.map((m, i) => (
        <li key={i} className={m.from === clientTag ? "mine" : undefined}>
          <time>{new Date(m.at).toLocaleTimeString()}</time> <b>{m.from === clientTag ? "you" : m.from}</b> <span className="text">{m.text}</span>
        </li>
      ))}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
}

function SendBox({ ws }: { ws: UseWebSocketResult<Incoming, ChatMessage | object> }) {
  const [text, setText] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (ws.sendMessage({ type: "chat", from: clientTag, text, at: Date.now() })) setText("");
  };
  return (
    <form className="send" onSubmit={submit}>
      <input aria-label="Message" value={text} onChange={(e) => setText(e.target.value)} placeholder="Type a message — it is queued while disconnected" />
      <button type="submit">Send</button>
      {ws.error && ws.error.code === "ERR_QUEUE_FULL" && <span className="send-error">{ws.error.message}</span>}
    </form>
  );
}

function Queue({ ws }: { ws: UseWebSocketResult<Incoming, ChatMessage | object> }) {
  // The queue lives in the Go core; the snapshot says how long it is, and
  // the list is read when that changes.
  const items = ws.connection && ws.queueSize > 0 ? ws.connection.getQueuedMessages() : [];
  return (
    <details className="queue" open={ws.queueSize > 0}>
      <summary>
        Queued messages: <b data-testid="queue-size">{ws.queueSize}</b>
      </summary>
      <ol>
        {items.map((it) => (
          <li key={it.seq}>
            #{it.seq} <code>{typeof it.data === "string" ? it.data : isChat(it.data as Incoming) ? (it.data as ChatMessage).text : JSON.stringify(it.data)}</code> ({it.priority})
          </li>
        ))}
      </ol>
    </details>
  );
}
