package manager

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmsocket/wasmsocket/internal/testenv"
)

// The tests in this package talk to the real test server, which testenv
// provides natively and under wasm alike.
var serverURL string // http://host:port

func TestMain(m *testing.M) {
	url, stop, err := testenv.Server()
	serverURL = url
	if err != nil {
		fmt.Fprintln(os.Stderr, "test server:", err)
		os.Exit(2)
	}
	before, _ := goroutines()
	code := m.Run()
	if fuzzing := flag.Lookup("test.fuzz"); code == 0 && (fuzzing == nil || fuzzing.Value.String() == "") {
		code = checkGoroutines(before) // the fuzzing engine keeps goroutines of its own
	}
	stop()
	os.Exit(code)
}

// checkGoroutines fails the run if goroutines started by the tests are
// still alive: a manager that leaks one per connection would pass every
// other test.
func checkGoroutines(before int) int {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, dump := goroutines()
		if n <= before {
			return 0
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "goroutine leak: %d running, %d before the tests\n%s\n", n, before, dump)
			return 1
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// goroutines counts live goroutines, leaving out the one the wasm runtime
// parks to receive JavaScript events, which exists once a callback ran.
func goroutines() (int, string) {
	buf := make([]byte, 1<<20)
	dump := string(buf[:runtime.Stack(buf, true)])
	n := 0
	for _, g := range strings.Split(dump, "\n\n") {
		if strings.HasPrefix(g, "goroutine ") && !strings.Contains(g, "runtime.handleEvent()") {
			n++
		}
	}
	return n, dump
}

func wsURL(path string) string { return "ws" + strings.TrimPrefix(serverURL, "http") + path }

// control calls the test server's control API and returns the JSON body.
func control(t testing.TB, action, query string) []byte {
	t.Helper()
	body, err := testenv.Control(serverURL, action, query)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func stats(t testing.TB) testenv.Stats {
	t.Helper()
	s, err := testenv.GetStats(serverURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// serverLog returns the text messages the server received from a client
// tag, in arrival order, across all of that client's connections.
func serverLog(t testing.TB, client string) []string {
	var l struct {
		Messages []struct{ Data string } `json:"messages"`
	}
	if err := json.Unmarshal(control(t, "log", "client="+client), &l); err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, m := range l.Messages {
		out = append(out, m.Data)
	}
	return out
}

// eventually polls cond until it holds or the deadline passes. It is for
// waiting on another process (the server), never for timing behaviour:
// that is tested under synctest.
func eventually(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	if !waitUntil(within, cond) {
		t.Fatalf("timed out after %v waiting for %s", within, what)
	}
}

func waitUntil(within time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// noLeftovers waits until the server holds no connection of this client.
func noLeftovers(t testing.TB, client string) {
	t.Helper()
	eventually(t, "the server to hold no connection of "+client, 10*time.Second, func() bool {
		return stats(t).OpenFor(client) == 0
	})
}

// recorder collects a manager's events for assertions.
type recorder struct {
	mu     sync.Mutex
	events []Event
	notify chan struct{}
}

func newRecorder() *recorder { return &recorder{notify: make(chan struct{}, 1)} }

func (r *recorder) on(batch []Event) {
	r.mu.Lock()
	r.events = append(r.events, batch...)
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *recorder) all() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

func (r *recorder) count(k EventKind) int {
	n := 0
	for _, e := range r.all() {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// wait blocks until an event matching pred has been recorded, and returns
// the first such event.
func (r *recorder) wait(t testing.TB, what string, within time.Duration, pred func(Event) bool) Event {
	t.Helper()
	timeout := time.After(within)
	for {
		for _, e := range r.all() {
			if pred(e) {
				return e
			}
		}
		select {
		case <-r.notify:
		case <-timeout:
			t.Fatalf("timed out after %v waiting for %s; events: %s", within, what, r.summary())
		}
	}
}

func (r *recorder) waitState(t testing.TB, s State, within time.Duration) {
	t.Helper()
	r.wait(t, "state "+s.String(), within, func(e Event) bool { return e.Kind == EventState && e.State == s })
}

// messages returns the text of every message event so far.
func (r *recorder) messages() []string {
	var out []string
	for _, e := range r.all() {
		if e.Kind == EventMessage {
			out = append(out, string(e.Message.Data))
		}
	}
	return out
}

func (r *recorder) summary() string {
	var b strings.Builder
	for i, e := range r.all() {
		if i == 40 {
			b.WriteString(" …")
			break
		}
		b.WriteString(" " + e.Kind.String())
		switch e.Kind {
		case EventState:
			b.WriteString("=" + e.State.String())
		case EventClose:
			fmt.Fprintf(&b, "=%d", e.Close.Code)
		case EventError:
			b.WriteString("=" + ErrorCode(e.Err))
		}
	}
	return b.String()
}

// fast are options for real-network tests: quick retries, no heartbeat
// unless a test turns it on.
func fast(r *recorder) Options {
	o := Options{
		ConnectTimeout: 2 * time.Second,
		Heartbeat:      HeartbeatOptions{Interval: -1},
		OnEvents:       r.on,
	}
	o.Reconnect.Backoff.Initial = 5 * time.Millisecond
	o.Reconnect.Backoff.Max = 20 * time.Millisecond
	return o
}

func newManager(t testing.TB, url string, o Options) *Manager {
	t.Helper()
	m, err := New(url, o)
	if err != nil {
		t.Fatalf("New(%q): %v", url, err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func text(s string) []byte { return []byte(s) }
