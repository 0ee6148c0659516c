package transport

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wasmsocket/wasmsocket/internal/testenv"
)

// These run natively and under wasm against the real test server. Under
// wasm they are what proves the workarounds in coder_js.go.

var base string

func TestMain(m *testing.M) {
	url, stop, err := testenv.Server()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	base = url
	code := m.Run()
	stop()
	os.Exit(code)
}

func echo(tag, query string) string {
	return "ws" + strings.TrimPrefix(base, "http") + "/ws/echo?client=" + tag + "-" + fmt.Sprint(time.Now().UnixNano()) + "&" + query
}

func dial(t *testing.T, url string, opts DialOptions) Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := Coder{}.Dial(ctx, url, opts)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	return c
}

func readClose(t *testing.T, c Conn) *CloseError {
	t.Helper()
	for {
		_, err := c.Read()
		if err != nil {
			var ce *CloseError
			if !errors.As(err, &ce) {
				t.Fatalf("Read error %T %v is not a *CloseError", err, err)
			}
			return ce
		}
	}
}

func TestEchoAndCloseCodeSurvive(t *testing.T) {
	c := dial(t, echo("code", "close_after=1&close_code=4321&close_reason=why"), DialOptions{})
	if err := c.Write(Message{Data: []byte("hi")}); err != nil {
		t.Fatal(err)
	}
	m, err := c.Read()
	if err != nil || string(m.Data) != "hi" || m.Binary {
		t.Fatalf("echo = %+v, %v", m, err)
	}
	// coder/websocket's wasm Read loses these; the transport must not.
	if ce := readClose(t, c); ce.Code != 4321 || ce.Reason != "why" || !ce.WasClean {
		t.Fatalf("close = %+v", ce)
	}
}

func TestAbruptKillIsAbnormal(t *testing.T) {
	c := dial(t, echo("kill", "kill_after=0"), DialOptions{})
	if ce := readClose(t, c); ce.Code != CodeAbnormal || ce.WasClean {
		t.Fatalf("close = %+v, want 1006", ce)
	}
}

func TestReadLimitClosesWith1009(t *testing.T) {
	tag := "limit"
	url := echo(tag, "")
	c := dial(t, url, DialOptions{ReadLimit: 100})
	c.Write(Message{Data: []byte(`{"type":"flood","count":1,"size":200}`)})
	if ce := readClose(t, c); ce.Code != 1009 {
		t.Fatalf("close = %+v, want 1009", ce)
	}
	waitNoConn(t, url)
}

// A dial that times out must cancel the socket being opened: under wasm
// coder/websocket's own cancel uses a code the browser refuses and leaves
// the socket to open later. The server delays the handshake 400 ms; if the
// abort failed, the connection would be open after that.
func TestDialTimeoutLeavesNoSocket(t *testing.T) {
	url := echo("timeout", "delay=400")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := (Coder{}).Dial(ctx, url, DialOptions{}); err == nil {
		t.Fatal("Dial succeeded")
	}
	time.Sleep(700 * time.Millisecond) // past the server's delay
	waitNoConn(t, url)
}

func TestCloseWithABrowserRefusedCode(t *testing.T) {
	url := echo("close", "")
	c := dial(t, url, DialOptions{})
	c.Close(1011, strings.Repeat("é", 100)) // code and reason a browser rejects
	if ce := readClose(t, c); ce.Code != CodeNormal {
		t.Fatalf("close = %+v, want 1000 sent instead of 1011", ce)
	}
	waitNoConn(t, url)
}

func waitNoConn(t *testing.T, url string) {
	t.Helper()
	tag := url[strings.Index(url, "client=")+7:]
	tag = tag[:strings.IndexByte(tag, '&')]
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, err := testenv.GetStats(base)
		if err != nil {
			t.Fatal(err)
		}
		if s.OpenFor(tag) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server still holds %d connection(s) of %s", s.OpenFor(tag), tag)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSendableCodeAndReason(t *testing.T) {
	for code, want := range map[int]int{1000: 1000, 1001: 1000, 1008: 1000, 1011: 1000, 2999: 1000, 3000: 3000, 4999: 4999, 5000: 1000} {
		if got := SendableCode(code); got != want {
			t.Errorf("SendableCode(%d) = %d", code, got)
		}
	}
	r := truncReason(strings.Repeat("é", 100))
	if len(r) > 123 || !strings.HasPrefix(strings.Repeat("é", 100), r) || len(r)%2 != 0 {
		t.Errorf("truncReason cut a rune or kept too much: %d bytes", len(r))
	}
	if (&CloseError{Code: 1006}).Error() != "connection closed with code 1006" {
		t.Error("CloseError message")
	}
}
