package manager

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/backoff"
	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// These tests run natively and under wasm against the real test server.
// Each uses its own ?client= tag so the server's log and counts are its own.

var (
	tags   sync.Map // testing.TB -> string
	tagSeq atomic.Int64
	runID  = time.Now().UnixNano() % 1e9 // tells apart runs against a long-lived server
)

// tag names a test's connections on the server, uniquely even when tests
// repeat with -count.
func tag(t testing.TB) string {
	v, _ := tags.LoadOrStore(t, fmt.Sprintf("%s-%d-%d", strings.ReplaceAll(t.Name(), "/", "_"), runID, tagSeq.Add(1)))
	return v.(string)
}

func echoURL(t testing.TB, query string) string {
	u := wsURL("/ws/echo?client=" + tag(t))
	if query != "" {
		u += "&" + query
	}
	return u
}

func connect(t testing.TB, m *Manager) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.Connect(ctx); err != nil {
		t.Fatalf("Connect: %v", err)
	}
}

func TestEchoTextAndBinary(t *testing.T) {
	r := newRecorder()
	m := newManager(t, echoURL(t, ""), fast(r))
	connect(t, m)
	if err := m.Send(text("hello"), SendOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := m.Send([]byte{0, 1, 2, 255}, SendOptions{Binary: true}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "two echoes", 5*time.Second, func() bool { return r.count(EventMessage) == 2 })
	var got []Event
	for _, e := range r.all() {
		if e.Kind == EventMessage {
			got = append(got, e)
		}
	}
	if string(got[0].Message.Data) != "hello" || got[0].Message.Binary {
		t.Errorf("text echo = %+v", got[0].Message)
	}
	if !slices.Equal(got[1].Message.Data, []byte{0, 1, 2, 255}) || !got[1].Message.Binary {
		t.Errorf("binary echo = %+v", got[1].Message)
	}
	s := m.Snapshot()
	if s.Metrics.MessagesOut != 2 || s.Metrics.MessagesIn != 2 || s.Metrics.BytesOut != 9 || s.Metrics.Connects != 1 {
		t.Errorf("metrics = %+v", s.Metrics)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Send(text("late"), SendOptions{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
	noLeftovers(t, tag(t))
}

func TestStateAndOpenEventsInOrder(t *testing.T) {
	r := newRecorder()
	m := newManager(t, echoURL(t, ""), fast(r))
	connect(t, m)
	m.Disconnect()
	r.waitState(t, Disconnected, 5*time.Second)
	var kinds []string
	for _, e := range r.all() {
		k := e.Kind.String()
		if e.Kind == EventState {
			k += ":" + e.State.String()
		}
		kinds = append(kinds, k)
	}
	want := []string{"state:connecting", "state:connected", "open", "state:disconnected"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	noLeftovers(t, tag(t))
}

func TestQueueReplaysInPriorityOrderOnConnect(t *testing.T) {
	r := newRecorder()
	m := newManager(t, echoURL(t, ""), fast(r))
	for i, p := range []queue.Priority{queue.Normal, queue.Low, queue.High, queue.Normal, queue.High} {
		if err := m.Send(text(fmt.Sprintf("%d-%v", i, p)), SendOptions{Priority: p}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(m.Queued()); n != 5 {
		t.Fatalf("queued %d", n)
	}
	connect(t, m)
	want := []string{"2-high", "4-high", "0-normal", "3-normal", "1-low"}
	if !waitUntil(5*time.Second, func() bool { return len(serverLog(t, tag(t))) == 5 }) {
		t.Fatalf("server log %v; events %s; snapshot %+v", serverLog(t, tag(t)), r.summary(), m.Snapshot())
	}
	if got := serverLog(t, tag(t)); !slices.Equal(got, want) {
		t.Fatalf("server received %v, want %v", got, want)
	}
	r.wait(t, "queue emptied", 5*time.Second, func(e Event) bool { return e.Kind == EventQueue && e.QueueLen == 0 })
}

// Messages sent while the server is gone arrive after the reconnect,
// in order and exactly once, checked against what the server logged.
func TestKillReconnectAndReplayExactlyOnce(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.Reconnect.MaxAttempts = -1 // the server stays down longer than 10 quick retries
	m := newManager(t, echoURL(t, ""), o)
	connect(t, m)
	m.Send(text("before"), SendOptions{})
	eventually(t, "first message logged", 5*time.Second, func() bool { return len(serverLog(t, tag(t))) == 1 })

	control(t, "down", "ms=300") // kill without a close frame and refuse for a while
	closed := r.wait(t, "close event", 5*time.Second, func(e Event) bool { return e.Kind == EventClose })
	if closed.Close.Code != 1006 || !closed.Close.WillReconnect {
		t.Fatalf("close = %+v, want 1006 with a reconnect to follow", closed.Close)
	}
	for i := range 20 {
		if err := m.Send(text(fmt.Sprintf("offline-%02d", i)), SendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "reconnect", 10*time.Second, func() bool { return m.Snapshot().Metrics.Reconnects == 1 })
	eventually(t, "replay logged", 5*time.Second, func() bool { return len(serverLog(t, tag(t))) == 21 })
	want := []string{"before"}
	for i := range 20 {
		want = append(want, fmt.Sprintf("offline-%02d", i))
	}
	if got := serverLog(t, tag(t)); !slices.Equal(got, want) {
		t.Fatalf("server log %v\nwant %v", got, want)
	}
	if r.count(EventReconnecting) < 1 {
		t.Error("no reconnecting event")
	}
}

// A batch that breaks half way (the socket closed under it) keeps what did
// not go out, and the next connection sends it: every message reaches the
// server exactly once and in order. The batching connection of the browser
// is wrapped here around the real transport, with the failure injected,
// since natively no transport batches.
func TestBrokenBatchIsReplayedExactlyOnce(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	var failAt atomic.Int32
	failAt.Store(11)
	var batches atomic.Int32
	o.Dialer = batchDialer{Dialer: transport.Coder{}, failAt: &failAt, batches: &batches}
	m := newManager(t, echoURL(t, ""), o)
	var want []string
	for i := range 50 { // queued while idle, replayed on connect
		want = append(want, fmt.Sprintf("m%02d", i))
		if err := m.Send(text(want[i]), SendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	connect(t, m)
	if !waitUntil(10*time.Second, func() bool { return len(serverLog(t, tag(t))) >= 50 }) {
		t.Fatalf("not all 50 logged: log %v\nsnapshot %+v\nevents %s", serverLog(t, tag(t)), m.Snapshot(), r.summary())
	}
	if got := serverLog(t, tag(t)); !slices.Equal(got, want) {
		t.Fatalf("server log %v\nwant %v", got, want)
	}
	if n := m.Snapshot().Metrics.Reconnects; n != 1 {
		t.Fatalf("%d reconnects, want 1 after the broken batch", n)
	}
	if n := batches.Load(); n != 2 {
		t.Fatalf("%d batches, want 2 (the broken one and the replay)", n)
	}
}

// While a burst gathers for one batch (the JavaScript task that sends it
// still running), the queue must never fill up: the default queue holds
// 1000 messages, and 5000 sends while connected all succeed, because at
// half the bound the writer sends what gathered. Without that, send 1001
// would fail with ErrQueueFull.
func TestGatheringNeverFillsTheQueue(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	var failAt, batches atomic.Int32
	gate := make(chan struct{}) // open: the JavaScript task that sends has ended
	var ended sync.Once
	end := func() { ended.Do(func() { close(gate) }) }
	o.Dialer = batchDialer{Dialer: transport.Coder{}, failAt: &failAt, batches: &batches, gate: gate}
	m := newManager(t, echoURL(t, ""), o)
	t.Cleanup(end)
	connect(t, m)
	var want []string
	for i := range 5000 {
		want = append(want, fmt.Sprintf("b%04d", i))
		if err := m.Send(text(want[i]), SendOptions{}); err != nil {
			t.Fatalf("send %d while connected: %v", i, err)
		}
	}
	if s := m.Snapshot(); s.Metrics.Dropped != 0 {
		t.Fatalf("%d messages dropped while connected", s.Metrics.Dropped)
	}
	if n := batches.Load(); n < 5 {
		t.Fatalf("%d batches for 5000 messages: the gathering was not flushed at half the bound", n)
	}
	end() // the rest, under half the bound, goes when the task ends
	eventually(t, "5000 logged", 20*time.Second, func() bool { return len(serverLog(t, tag(t))) >= 5000 })
	if got := serverLog(t, tag(t)); !slices.Equal(got, want) {
		t.Fatalf("server log differs: %d messages, want %d in order", len(got), len(want))
	}
}

type batchDialer struct {
	transport.Dialer
	failAt  *atomic.Int32 // the message, counted from 1, at which the socket breaks
	batches *atomic.Int32
	gate    chan struct{} // if set, Gather waits for it or for a flush: a long JavaScript task
}

func (d batchDialer) Dial(ctx context.Context, url string, opts transport.DialOptions) (transport.Conn, error) {
	c, err := d.Dialer.Dial(ctx, url, opts)
	if err != nil {
		return nil, err
	}
	return batchConn{c, d}, nil
}

type batchConn struct {
	transport.Conn
	d batchDialer
}

func (c batchConn) Gather(flush <-chan struct{}) {
	if c.d.gate == nil {
		return
	}
	select {
	case <-flush:
	case <-c.d.gate:
	}
}

func (c batchConn) WriteBatch(msgs []transport.Message) (int, error) {
	c.d.batches.Add(1)
	for i, msg := range msgs {
		if c.d.failAt.Add(-1) == 0 {
			// A closing handshake, not Abort: natively, Abort resets the TCP
			// connection (the echoes are unread), and the reset discards
			// what the server had not read yet, which would be the network
			// losing messages, not the manager.
			c.Close(4000, "injected")
			return i, errors.New("injected: the socket closed")
		}
		if err := c.Write(msg); err != nil {
			return i, err
		}
	}
	return len(msgs), nil
}

func TestCloseCodePolicy(t *testing.T) {
	cases := []struct {
		code      int
		reconnect bool
	}{{1000, false}, {1008, false}, {4500, false}, {1001, true}, {1012, true}, {1013, true}, {4000, true}}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.code), func(t *testing.T) {
			r := newRecorder()
			o := fast(r)
			o.Reconnect.MaxAttempts = 1
			m := newManager(t, echoURL(t, fmt.Sprintf("close_code=%d&close_reason=bye&close_after=0", c.code)), o)
			m.Start()
			e := r.wait(t, "close", 5*time.Second, func(e Event) bool { return e.Kind == EventClose })
			if e.Close.Code != c.code || e.Close.Reason != "bye" || e.Close.WillReconnect != c.reconnect {
				t.Fatalf("close = %+v, want code %d reconnect %v", e.Close, c.code, c.reconnect)
			}
			if !c.reconnect {
				r.waitState(t, Disconnected, 5*time.Second)
			} else {
				r.waitState(t, Reconnecting, 5*time.Second)
			}
		})
	}
}

func TestShouldReconnectOverridesPolicy(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	var seen CloseInfo
	o.Reconnect.ShouldReconnect = func(ci CloseInfo) bool { seen = ci; return ci.Code == 1008 }
	o.Reconnect.MaxAttempts = 1
	m := newManager(t, echoURL(t, "close_code=1008&close_after=0"), o)
	m.Start()
	r.waitState(t, Reconnecting, 5*time.Second)
	if seen.Code != 1008 {
		t.Fatalf("predicate saw %+v", seen)
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.Reconnect.MaxAttempts = 3
	m := newManager(t, echoURL(t, "refuse=503"), o)
	err := m.Connect(context.Background())
	if !errors.Is(err, ErrMaxRetries) || ErrorCode(err) != "ERR_MAX_RETRIES" {
		t.Fatalf("Connect = %v (%s), want ERR_MAX_RETRIES", err, ErrorCode(err))
	}
	if !strings.Contains(err.Error(), "3 reconnection attempts") {
		t.Errorf("message does not say how many attempts: %q", err)
	}
	r.wait(t, "give-up event", 5*time.Second, func(e Event) bool { return e.Kind == EventError && errors.Is(e.Err, ErrMaxRetries) })
	if m.State() != Failed || m.Attempts() != 3 || r.count(EventReconnecting) != 3 {
		t.Fatalf("state %v attempts %d reconnecting events %d", m.State(), m.Attempts(), r.count(EventReconnecting))
	}
	// A manual connect starts a fresh budget: three more retries.
	err = m.Connect(context.Background())
	eventually(t, "second give-up event", 5*time.Second, func() bool { return countErrors(r, "ERR_MAX_RETRIES") == 2 })
	if !errors.Is(err, ErrMaxRetries) || r.count(EventReconnecting) != 6 {
		t.Fatalf("second Connect = %v after %d retries", err, r.count(EventReconnecting))
	}
}

func TestConnectTimeout(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.ConnectTimeout = 100 * time.Millisecond
	o.Reconnect.Disabled = true
	m := newManager(t, echoURL(t, "delay=1000"), o)
	err := m.Connect(context.Background())
	if !errors.Is(err, ErrTimeout) || ErrorCode(err) != "ERR_TIMEOUT" {
		t.Fatalf("Connect = %v, want ERR_TIMEOUT", err)
	}
	if m.State() != Failed {
		t.Fatalf("state %v", m.State())
	}
	noLeftovers(t, tag(t))
}

// The coder/websocket defect: under wasm its own closes use codes browsers
// refuse, leaving sockets open. 200 timed-out attempts and 200 reconnect
// cycles must leave the server holding nothing.
func TestNoSocketLeftBehind(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.ConnectTimeout = 20 * time.Millisecond
	o.Reconnect.MaxAttempts = 199 // the first attempt plus 199 retries
	o.Reconnect.Backoff.Initial = time.Millisecond
	o.Reconnect.Backoff.Max = time.Millisecond
	timeouts := newManager(t, wsURL("/ws/echo?client="+tag(t)+"&delay=150"), o)
	if err := timeouts.Connect(context.Background()); !errors.Is(err, ErrMaxRetries) {
		t.Fatalf("Connect = %v", err)
	}
	// Connect returns as the state changes; the events follow.
	r.wait(t, "give-up event", 5*time.Second, func(e Event) bool { return e.Kind == EventError && ErrorCode(e.Err) == "ERR_MAX_RETRIES" })
	if n := countErrors(r, "ERR_TIMEOUT"); n != 200 {
		t.Fatalf("%d timed-out attempts, want 200", n)
	}

	r2 := newRecorder()
	o2 := fast(r2)
	o2.Reconnect.MaxAttempts = -1
	o2.Reconnect.Backoff.Initial = time.Millisecond
	o2.Reconnect.Backoff.Max = time.Millisecond
	cycles := newManager(t, wsURL("/ws/echo?client="+tag(t)+"&kill_after=0"), o2)
	cycles.Start()
	eventually(t, "200 reconnect cycles", 60*time.Second, func() bool { return cycles.Snapshot().Metrics.Reconnects >= 200 })
	cycles.Close()
	timeouts.Close()
	noLeftovers(t, tag(t))
}

func countErrors(r *recorder, code string) int {
	n := 0
	for _, e := range r.all() {
		if e.Kind == EventError && ErrorCode(e.Err) == code {
			n++
		}
	}
	return n
}

func TestOverflowPolicies(t *testing.T) {
	url := echoURL(t, "")
	t.Run("reject", func(t *testing.T) {
		r := newRecorder()
		o := fast(r)
		o.Queue.MaxCount = 2
		m := newManager(t, url, o)
		m.Send(text("a"), SendOptions{})
		m.Send(text("b"), SendOptions{})
		err := m.Send(text("c"), SendOptions{})
		if !errors.Is(err, ErrQueueFull) || ErrorCode(err) != "ERR_QUEUE_FULL" {
			t.Fatalf("third send: %v", err)
		}
	})
	for _, c := range []struct {
		policy queue.Overflow
		drop   string
		keep   []string
	}{{queue.DropOldest, "a", []string{"b", "c"}}, {queue.DropNewest, "c", []string{"a", "b"}}} {
		t.Run(c.policy.String(), func(t *testing.T) {
			r := newRecorder()
			o := fast(r)
			o.Queue.MaxCount = 2
			o.Queue.Overflow = c.policy
			m := newManager(t, url, o)
			for _, s := range []string{"a", "b", "c"} {
				if err := m.Send(text(s), SendOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			d := r.wait(t, "drop event", 5*time.Second, func(e Event) bool { return e.Kind == EventDrop })
			if string(d.Dropped.Data) != c.drop || d.Drop != DropOverflow {
				t.Fatalf("dropped %q (%v), want %q", d.Dropped.Data, d.Drop, c.drop)
			}
			var kept []string
			for _, it := range m.Queued() {
				kept = append(kept, string(it.Data))
			}
			if !slices.Equal(kept, c.keep) || m.Snapshot().Metrics.Dropped != 1 {
				t.Fatalf("kept %v", kept)
			}
		})
	}
}

func TestQueueDisabledAndTooBig(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.Queue.Disabled = true
	o.MaxMessageSize = 10
	m := newManager(t, echoURL(t, ""), o)
	if err := m.Send(text("x"), SendOptions{}); !errors.Is(err, ErrNotConnected) || ErrorCode(err) != "ERR_NOT_CONNECTED" {
		t.Fatalf("send while idle with queueing off: %v", err)
	}
	if err := m.Send(make([]byte, 11), SendOptions{}); !errors.Is(err, ErrMessageTooBig) || ErrorCode(err) != "ERR_MESSAGE_TOO_BIG" {
		t.Fatalf("oversized send: %v", err)
	}
	connect(t, m)
	if err := m.Send(text("ok"), SendOptions{}); err != nil {
		t.Fatal(err)
	}
	r.wait(t, "echo", 5*time.Second, func(e Event) bool { return e.Kind == EventMessage })
}

// A 10,000-message burst from the server arrives complete and in order.
func TestBurstArrivesInOrder(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.HistorySize = 100
	m := newManager(t, echoURL(t, ""), o)
	connect(t, m)
	const n = 10000
	m.Send(text(fmt.Sprintf(`{"type":"flood","count":%d,"size":32}`, n)), SendOptions{})
	eventually(t, "the burst", 30*time.Second, func() bool { return r.count(EventMessage) == n })
	msgs := r.messages()
	if len(msgs) != n {
		t.Fatalf("%d messages", len(msgs))
	}
	for i, s := range msgs {
		if !strings.HasPrefix(s, fmt.Sprintf(`{"seq":%d,`, i+1)) || len(s) != 32 {
			t.Fatalf("message %d = %q", i, s)
		}
	}
	h := m.History()
	if len(h) != 100 || !strings.HasPrefix(string(h[0].Data), fmt.Sprintf(`{"seq":%d,`, n-99)) {
		t.Fatalf("history holds %d, first %q", len(h), h[0].Data)
	}
	m.ClearHistory()
	if len(m.History()) != 0 {
		t.Fatal("history not cleared")
	}
}

// A consumer slower than the socket must not make the manager read the
// socket dry into its heap: the read loop stops at the backlog limit until
// the consumer takes a batch, and nothing is lost or reordered meanwhile.
func TestSlowConsumerBoundsTheBacklog(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	gate := make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	largest := 0
	o.OnEvents = func(batch []Event) {
		mu.Lock()
		largest = max(largest, len(batch))
		mu.Unlock()
		r.on(batch)
		for _, e := range batch {
			if e.Kind == EventMessage {
				once.Do(func() { <-gate }) // the consumer stalls on its first message
			}
		}
	}
	m := newManager(t, echoURL(t, ""), o)
	var opened sync.Once
	release := func() { opened.Do(func() { close(gate) }) }
	t.Cleanup(release) // before m.Close, which waits for the consumer
	connect(t, m)
	const n = 20000
	m.Send(text(fmt.Sprintf(`{"type":"flood","count":%d,"size":32}`, n)), SendOptions{})
	backlog := func() int {
		m.mu.Lock()
		defer m.mu.Unlock()
		return len(m.events)
	}
	eventually(t, "the backlog to fill", 10*time.Second, func() bool { return backlog() >= backlogEvents })
	// Without the limit the reader would run on through the whole flood.
	if waitUntil(300*time.Millisecond, func() bool { return backlog() > backlogEvents }) {
		t.Fatalf("backlog grew to %d events, past the limit of %d", backlog(), backlogEvents)
	}
	release()
	eventually(t, "the flood", 30*time.Second, func() bool { return r.count(EventMessage) == n })
	for i, s := range r.messages() {
		if !strings.HasPrefix(s, fmt.Sprintf(`{"seq":%d,`, i+1)) {
			t.Fatalf("message %d = %q", i, s)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if largest > backlogEvents+8 { // a few state, queue or open events may join
		t.Fatalf("a batch of %d events crossed; the limit is %d", largest, backlogEvents)
	}
}

func TestHeartbeatDetectsStalledServer(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.Heartbeat = HeartbeatOptions{Interval: 100 * time.Millisecond, Timeout: 200 * time.Millisecond}
	m := newManager(t, echoURL(t, "stall_after=1&stall_ms=3000"), o)
	connect(t, m)
	m.Send(text("go quiet"), SendOptions{})
	e := r.wait(t, "heartbeat timeout", 10*time.Second, func(e Event) bool { return e.Kind == EventError })
	if ErrorCode(e.Err) != "ERR_HEARTBEAT_TIMEOUT" {
		t.Fatalf("error %v", e.Err)
	}
	r.waitState(t, Reconnecting, 5*time.Second)
	eventually(t, "reconnect", 10*time.Second, func() bool { return m.Snapshot().Metrics.Reconnects >= 1 })
}

func TestHeartbeatPongsAreNotMessages(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.Heartbeat = HeartbeatOptions{Interval: 20 * time.Millisecond, Timeout: time.Second}
	m := newManager(t, echoURL(t, ""), o)
	connect(t, m)
	eventually(t, "three pongs", 10*time.Second, func() bool { return m.Snapshot().Metrics.Heartbeats >= 3 })
	if n := r.count(EventMessage); n != 0 {
		t.Fatalf("%d pongs leaked into messages", n)
	}
	if m.Snapshot().Metrics.HeartbeatRTT <= 0 {
		t.Fatal("no round trip measured")
	}
}

func TestInvalidURLs(t *testing.T) {
	for _, u := range []string{"", "localhost:8080", "ftp://example.com/x", "ws://", "ws://host/path#frag", "http//oops", "ws://[::1"} {
		_, err := New(u, Options{})
		if !errors.Is(err, ErrInvalidURL) || ErrorCode(err) != "ERR_INVALID_URL" {
			t.Errorf("New(%q) = %v", u, err)
			continue
		}
		if !strings.Contains(err.Error(), "invalid WebSocket URL") {
			t.Errorf("message %q", err)
		}
	}
	m, err := New("https://example.com/socket", Options{})
	if err != nil || m.URL() != "wss://example.com/socket" {
		t.Fatalf("https URL: %v %v", m, err)
	}
	m.Close()
}

func TestInvalidOptions(t *testing.T) {
	for name, o := range map[string]Options{
		"negative timeout": {ConnectTimeout: -1},
		"bad backoff":      {Reconnect: ReconnectOptions{Backoff: backoffMultiplier(0.5)}},
		"bad queue":        {Queue: QueueOptions{Options: queue.Options{MaxCount: -1}}},
	} {
		if _, err := New(wsURL("/ws/echo"), o); !errors.Is(err, ErrInvalidOptions) || ErrorCode(err) != "ERR_INVALID_OPTIONS" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDisconnectDuringReconnectStops(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.Reconnect.Backoff.Initial = time.Hour
	o.Reconnect.Backoff.Max = time.Hour
	m := newManager(t, echoURL(t, "refuse=503"), o)
	done := make(chan error, 1)
	go func() { done <- m.Connect(context.Background()) }()
	r.waitState(t, Reconnecting, 5*time.Second)
	if m.Snapshot().NextRetryAt.IsZero() {
		t.Error("no next retry time while reconnecting")
	}
	m.Disconnect()
	if err := <-done; !errors.Is(err, ErrDisconnected) || ErrorCode(err) != "ERR_DISCONNECTED" {
		t.Fatalf("Connect = %v", err)
	}
	if s := m.Snapshot(); s.State != Disconnected || !s.NextRetryAt.IsZero() {
		t.Fatalf("after disconnect: %+v", s)
	}
}

func TestRetryNowSkipsTheWait(t *testing.T) {
	r := newRecorder()
	o := fast(r)
	o.Reconnect.Backoff.Initial = time.Hour
	o.Reconnect.Backoff.Max = time.Hour
	m := newManager(t, echoURL(t, "kill_after=1"), o)
	connect(t, m)
	m.Send(text("bye"), SendOptions{})
	r.waitState(t, Reconnecting, 5*time.Second)
	m.Start() // the "Retry now" button
	eventually(t, "reconnect", 5*time.Second, func() bool { return m.Snapshot().Metrics.Reconnects == 1 })
	if m.Attempts() != 1 {
		t.Fatalf("retry now reset the attempt count to %d", m.Attempts())
	}
}

func backoffMultiplier(f float64) (p backoff.Policy) {
	p.Multiplier = f
	return p
}

func TestSetQueueOptions(t *testing.T) {
	r := newRecorder()
	m := newManager(t, echoURL(t, ""), fast(r))
	m.Send(text("a"), SendOptions{})
	m.Send(text("b"), SendOptions{})
	if err := m.SetQueueOptions(QueueOptions{Options: queue.Options{MaxCount: 2}}); err != nil {
		t.Fatal(err)
	}
	if err := m.Send(text("c"), SendOptions{}); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("send over the new bound: %v", err)
	}
	if err := m.SetQueueOptions(QueueOptions{Options: queue.Options{MaxCount: -1}}); !errors.Is(err, ErrInvalidOptions) {
		t.Fatalf("invalid options: %v", err)
	}
	if err := m.SetQueueOptions(QueueOptions{Disabled: true}); err != nil {
		t.Fatal(err)
	}
	if err := m.Send(text("d"), SendOptions{}); !errors.Is(err, ErrNotConnected) {
		t.Fatalf("send with queueing off: %v", err)
	}
}
