//go:build !js

package manager

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wasmsocket/wasmsocket/internal/memnet"
	"github.com/wasmsocket/wasmsocket/testserver/server"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// Timing is tested inside synctest bubbles, where time is fake and moves
// only when every goroutine waits, so "the retry comes 500 ms later" is
// checked exactly and instantly. The server and the transport are the real
// ones; only the TCP socket is replaced by memnet's in-memory pipe, because
// synctest cannot see a goroutine blocked in the kernel.

type bubble struct {
	t     *testing.T
	net   *memnet.Network
	srv   *server.Server
	start time.Time
}

func inBubble(t *testing.T, f func(b *bubble)) {
	synctest.Test(t, func(t *testing.T) {
		b := &bubble{t: t, net: memnet.New(), srv: server.New(server.Options{}), start: time.Now()}
		hs := &http.Server{Handler: b.srv}
		served := make(chan struct{})
		go func() { hs.Serve(b.net); close(served) }()
		defer func() {
			hs.Close()
			b.srv.Close()
			<-served
		}()
		f(b)
	})
}

// options wires a manager to the bubble's network and records every event
// with the fake time it was delivered at.
func (b *bubble) options(tl *timeline) Options {
	return Options{
		Dialer:   transport.Coder{HTTPClient: b.net.Client()},
		Rand:     func() float64 { return 0.5 },
		OnEvents: tl.on,
	}
}

func (b *bubble) manager(query string, o Options) *Manager {
	m, err := New("ws://memnet/ws/echo?"+query, o)
	if err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() { m.Close() })
	return m
}

func (b *bubble) control(action, query string) {
	rec := httptest.NewRecorder()
	b.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/control/"+action+"?"+query, nil))
	if rec.Code != http.StatusOK {
		b.t.Fatalf("control %s: %d %s", action, rec.Code, rec.Body)
	}
}

// timeline is a recorder that notes when each event arrived.
type timeline struct {
	start  time.Time
	mu     sync.Mutex
	events []timed
}

type timed struct {
	at time.Duration
	Event
}

func newTimeline() *timeline { return &timeline{start: time.Now()} }

func (tl *timeline) on(batch []Event) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	for _, e := range batch {
		tl.events = append(tl.events, timed{time.Since(tl.start), e})
	}
}

// when returns the times of the events matching pred.
func (tl *timeline) when(pred func(Event) bool) []time.Duration {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	var out []time.Duration
	for _, e := range tl.events {
		if pred(e.Event) {
			out = append(out, e.at)
		}
	}
	return out
}

func isState(s State) func(Event) bool {
	return func(e Event) bool { return e.Kind == EventState && e.State == s }
}

func isError(code string) func(Event) bool {
	return func(e Event) bool { return e.Kind == EventError && ErrorCode(e.Err) == code }
}

func ms(v ...int) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, x := range v {
		out[i] = time.Duration(x) * time.Millisecond
	}
	return out
}

// With full jitter and a random number of 0.5, retry n waits half of
// min(max, initial·2^n): 500 ms, 1 s, 2 s, 4 s, then 5 s at the 10 s cap.
func TestBackoffScheduleIsExact(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Reconnect.MaxAttempts = 5
		o.Reconnect.Backoff.Initial = time.Second
		o.Reconnect.Backoff.Max = 10 * time.Second
		m := b.manager("refuse=503", o)
		err := m.Connect(context.Background())
		if !errors.Is(err, ErrMaxRetries) {
			t.Fatalf("Connect = %v", err)
		}
		synctest.Wait()
		if got, want := tl.when(isState(Connecting)), ms(0, 500, 1500, 3500, 7500, 12500); !slices.Equal(got, want) {
			t.Fatalf("attempts at %v, want %v", got, want)
		}
		var delays []time.Duration
		for _, e := range tl.events {
			if e.Kind == EventReconnecting {
				delays = append(delays, e.Delay)
			}
		}
		if want := ms(500, 1000, 2000, 4000, 5000); !slices.Equal(delays, want) {
			t.Fatalf("announced delays %v, want %v", delays, want)
		}
		if got := tl.when(isState(Failed)); !slices.Equal(got, ms(12500)) {
			t.Fatalf("failed at %v", got)
		}
	})
}

func TestConnectTimeoutIsExact(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Reconnect.Disabled = true
		m := b.manager("delay=60000", o)
		if err := m.Connect(context.Background()); !errors.Is(err, ErrTimeout) {
			t.Fatalf("Connect = %v", err)
		}
		synctest.Wait()
		if got := tl.when(isError("ERR_TIMEOUT")); !slices.Equal(got, ms(10000)) {
			t.Fatalf("timed out at %v, want the default 10 s", got)
		}
	})
}

// A server that stops answering is found one interval plus one timeout
// after the last sign of life: ping at 25 s, given up at 35 s.
func TestHeartbeatFindsHalfOpenConnection(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Reconnect.Backoff.Initial = time.Second
		m := b.manager("stall_after=0&stall_ms=0", o)
		if err := m.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(36 * time.Second)
		synctest.Wait()
		if got := tl.when(isError("ERR_HEARTBEAT_TIMEOUT")); !slices.Equal(got, ms(35000)) {
			t.Fatalf("heartbeat timeout at %v, want 35 s", got)
		}
		closes := tl.when(func(e Event) bool {
			return e.Kind == EventClose && e.Close.WillReconnect && e.Close.Reason == "heartbeat timeout"
		})
		if !slices.Equal(closes, ms(35000)) {
			t.Fatalf("close events at %v", closes)
		}
		if got := tl.when(isState(Connecting)); !slices.Equal(got, ms(0, 35500)) {
			t.Fatalf("connecting at %v, want a retry 500 ms after the timeout", got)
		}
	})
}

func TestHeartbeatKeepsHealthyConnection(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		m := b.manager("", b.options(tl))
		if err := m.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10*time.Minute + time.Second)
		synctest.Wait()
		s := m.Snapshot()
		if s.State != Connected || s.Metrics.Heartbeats != 24 || s.Metrics.Connects != 1 {
			t.Fatalf("after 10 minutes: %v, %d pongs, %d connects", s.State, s.Metrics.Heartbeats, s.Metrics.Connects)
		}
		if n := len(tl.when(func(e Event) bool { return e.Kind == EventMessage })); n != 0 {
			t.Fatalf("%d pongs delivered as messages", n)
		}
	})
}

// A server that accepts and drops at once must not hold clients at the
// shortest delay: the count resets only after MinUptime.
func TestFlappingServerDoesNotResetTheBudget(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Reconnect.MaxAttempts = 3
		m := b.manager("kill_after=0", o)
		m.Start()
		time.Sleep(time.Minute)
		synctest.Wait()
		s := m.Snapshot()
		if s.State != Failed || s.Metrics.Connects != 4 || !errors.Is(s.LastError, ErrMaxRetries) {
			t.Fatalf("state %v after %d connects, last error %v", s.State, s.Metrics.Connects, s.LastError)
		}
	})
}

func TestStableConnectionResetsTheBudget(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Heartbeat.Interval = -1
		m := b.manager("client=flap", o)
		if err := m.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		// attempts keeps a connection up for a while, kills it, and returns
		// the retry count once the manager is connected again.
		attempts := func(up time.Duration) int {
			time.Sleep(up)
			b.control("kill", "client=flap")
			synctest.Wait() // the manager has seen the loss
			if m.State() != Reconnecting {
				t.Fatalf("after kill: %v", m.State())
			}
			for m.State() != Connected {
				time.Sleep(10 * time.Millisecond)
			}
			return m.Attempts()
		}
		got := []int{attempts(4 * time.Second), attempts(4 * time.Second), attempts(6 * time.Second)}
		if want := []int{1, 2, 1}; !slices.Equal(got, want) {
			t.Fatalf("attempt counts %v, want %v (reset only after 5 s up)", got, want)
		}
	})
}

func TestQueuedMessagesExpire(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Queue.TTL = time.Second
		m := b.manager("client=ttl", o)
		m.Send([]byte("stale"), SendOptions{})
		m.Send([]byte("fresh"), SendOptions{TTL: time.Hour})
		time.Sleep(2 * time.Second)
		if err := m.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		drops := tl.when(func(e Event) bool {
			return e.Kind == EventDrop && e.Drop == DropExpired && string(e.Dropped.Data) == "stale"
		})
		if len(drops) != 1 {
			t.Fatalf("expired drops: %v", drops)
		}
		var logged []string
		for _, e := range b.srv.Log("ttl") {
			logged = append(logged, e.Data)
		}
		if !slices.Equal(logged, []string{"fresh"}) {
			t.Fatalf("server received %v", logged)
		}
	})
}

func TestNoReplayDropsOfflineMessages(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Queue.NoReplay = true
		m := b.manager("client=noreplay", o)
		m.Send([]byte("old cursor"), SendOptions{})
		if err := m.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		m.Send([]byte("new cursor"), SendOptions{})
		time.Sleep(time.Second)
		synctest.Wait()
		if n := len(tl.when(func(e Event) bool { return e.Kind == EventDrop && e.Drop == DropNotReplayed })); n != 1 {
			t.Fatalf("%d not-replayed drops", n)
		}
		if l := b.srv.Log("noreplay"); len(l) != 1 || l[0].Data != "new cursor" {
			t.Fatalf("server received %+v", l)
		}
	})
}

// Offline, retries are held rather than spent; online, one comes at once.
func TestOfflineHoldsRetries(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Reconnect.MaxAttempts = -1
		m := b.manager("refuse=503", o)
		m.Start()
		time.Sleep(100 * time.Millisecond) // attempt 0 failed, retry 1 due at 500 ms
		m.SetOnline(false)
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if got := tl.when(isState(Connecting)); !slices.Equal(got, ms(0)) {
			t.Fatalf("attempts while offline: %v", got)
		}
		if s := m.Snapshot(); !s.Offline || !s.NextRetryAt.IsZero() {
			t.Fatalf("snapshot while offline: %+v", s)
		}
		m.SetOnline(true)
		synctest.Wait()
		if got := tl.when(isState(Connecting)); len(got) != 2 || got[1] != 10*time.Minute+100*time.Millisecond {
			t.Fatalf("attempts after coming online: %v", got)
		}
		if n := len(tl.when(func(e Event) bool { return e.Kind == EventNetwork })); n != 2 {
			t.Fatalf("%d network events", n)
		}
	})
}

func TestResumeRetriesNowAndRestartsAfterUncleanGiveUp(t *testing.T) {
	inBubble(t, func(b *bubble) {
		t := b.t
		tl := newTimeline()
		o := b.options(tl)
		o.Reconnect.MaxAttempts = 1
		o.Reconnect.Backoff.Initial = time.Hour
		o.Reconnect.Backoff.Max = time.Hour
		m := b.manager("client=resume", o)
		if err := m.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		b.control("down", "ms=60000") // kill, and refuse for a minute
		synctest.Wait()
		if m.State() != Reconnecting {
			t.Fatalf("after kill: %v", m.State())
		}
		m.Resume() // the tab became visible: no need to wait an hour
		synctest.Wait()
		if m.State() != Failed {
			t.Fatalf("after the retry against a down server: %v", m.State())
		}
		time.Sleep(2 * time.Minute) // the server is back
		m.Resume()                  // gave up after an unclean close: start over
		synctest.Wait()
		if s := m.Snapshot(); s.State != Connected || s.Attempt != 0 {
			t.Fatalf("after resume: %v attempt %d", s.State, s.Attempt)
		}
	})
}
