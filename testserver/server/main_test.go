package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

// TestMain fails the package if any goroutine outlives the tests: the
// server's promise is that Close leaves nothing behind.
func TestMain(m *testing.M) {
	before := runtime.NumGoroutine()
	code := m.Run()
	if code == 0 {
		if err := waitGoroutines(before, 2*time.Second); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

func waitGoroutines(want int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		// Keep-alive connections of the test's own HTTP client are not the
		// server's goroutines; drop them before counting.
		http.DefaultClient.CloseIdleConnections()
		n := runtime.NumGoroutine()
		if n <= want {
			return nil
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			return fmt.Errorf("goroutine leak: %d running, want <= %d\n%s", n, want, buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const testTimeout = 5 * time.Second

func start(t *testing.T, opts server.Options) *server.Running {
	t.Helper()
	if opts.Logf == nil && testing.Verbose() {
		opts.Logf = t.Logf
	}
	srv, err := server.Listen("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return srv
}

func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: status %d: %v", url, status, err)
	}
	c.SetReadLimit(32 << 20)
	t.Cleanup(func() { _ = c.CloseNow() })
	return c
}

// dialStatus dials expecting failure and returns the HTTP status seen.
func dialStatus(t *testing.T, url string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, url, nil)
	if err == nil {
		_ = c.CloseNow()
		t.Fatalf("dial %s: unexpectedly succeeded", url)
	}
	if resp == nil {
		t.Fatalf("dial %s: no HTTP response: %v", url, err)
	}
	return resp.StatusCode
}

func write(t *testing.T, c *websocket.Conn, typ websocket.MessageType, data string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := c.Write(ctx, typ, []byte(data)); err != nil {
		t.Fatalf("write %q: %v", data, err)
	}
}

func read(t *testing.T, c *websocket.Conn) (websocket.MessageType, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	typ, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return typ, string(b)
}

func expectText(t *testing.T, c *websocket.Conn, want string) {
	t.Helper()
	typ, got := read(t, c)
	if typ != websocket.MessageText || got != want {
		t.Fatalf("got %v %q, want text %q", typ, got, want)
	}
}

// readErr reads until the connection fails and returns the error, for
// asserting how a connection ended.
func readErr(t *testing.T, c *websocket.Conn) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			if ctx.Err() != nil {
				t.Fatal("connection did not end in time")
			}
			return err
		}
	}
}

// expectAbrupt asserts the server dropped the socket without a close frame.
func expectAbrupt(t *testing.T, c *websocket.Conn) {
	t.Helper()
	err := readErr(t, c)
	if code := websocket.CloseStatus(err); code != -1 {
		t.Fatalf("got close frame with code %d, want abrupt close: %v", code, err)
	}
}

func expectClose(t *testing.T, c *websocket.Conn, code websocket.StatusCode, reason string) {
	t.Helper()
	err := readErr(t, c)
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != code || ce.Reason != reason {
		t.Fatalf("got %v, want close %d %q", err, code, reason)
	}
}

type message struct {
	typ  websocket.MessageType
	data string
	err  error
}

// readAsync delivers messages on a channel so a test can assert that
// nothing arrives for a while without a read deadline, which would close
// the connection in coder/websocket.
func readAsync(c *websocket.Conn) <-chan message {
	ch := make(chan message, 1024)
	go func() {
		defer close(ch)
		for {
			typ, b, err := c.Read(context.Background())
			ch <- message{typ, string(b), err}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan message) message {
	t.Helper()
	select {
	case m := <-ch:
		if m.err != nil {
			t.Fatalf("read: %v", m.err)
		}
		return m
	case <-time.After(testTimeout):
		t.Fatal("timed out waiting for a message")
	}
	panic("unreachable")
}

func expectSilence(t *testing.T, ch <-chan message, d time.Duration) {
	t.Helper()
	select {
	case m := <-ch:
		t.Fatalf("got %v %q (err %v), want nothing for %v", m.typ, m.data, m.err, d)
	case <-time.After(d):
	}
}

// waitStats polls Stats until cond holds, failing after a deadline; tests
// use it instead of sleeping for the server to catch up.
func waitStats(t *testing.T, s *server.Running, what string, cond func(server.Stats) bool) server.Stats {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for {
		st := s.Stats()
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; stats: %+v", what, st)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func openIs(n int) func(server.Stats) bool {
	return func(st server.Stats) bool { return st.Open == n }
}

// control calls the HTTP control API and decodes the JSON answer into out.
func control(t *testing.T, s *server.Running, method, pathAndQuery string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+pathAndQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && len(body) > 0 {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s %s: bad JSON %q: %v", method, pathAndQuery, body, err)
		}
	}
	return resp.StatusCode
}

func post(t *testing.T, s *server.Running, pathAndQuery string, out any) {
	t.Helper()
	if code := control(t, s, http.MethodPost, pathAndQuery, out); code != http.StatusOK {
		t.Fatalf("POST %s: status %d", pathAndQuery, code)
	}
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func logData(entries []server.LogEntry) string {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(e.Data)
	}
	return b.String()
}
