//go:build js && wasm

package transport

import (
	"errors"
	"fmt"
	"strings"
	"syscall/js"
	"testing"
)

// adopt replaces the global WebSocket constructor for one construction; the
// page must get its own constructor back whatever happens.
func TestAdoptRestoresTheGlobalConstructor(t *testing.T) {
	orig := js.Global().Get("WebSocket")
	c := dial(t, echo("adopt", ""), DialOptions{})
	defer c.Close(CodeNormal, "")
	if !js.Global().Get("WebSocket").Equal(orig) {
		t.Fatal("global WebSocket not restored after Dial")
	}
	if _, err := (Coder{}).Dial(t.Context(), "ws://[bad", DialOptions{}); !errors.Is(err, ErrRefused) {
		t.Fatalf("bad URL: %v", err)
	}
	if !js.Global().Get("WebSocket").Equal(orig) {
		t.Fatal("global WebSocket not restored after a failed Dial")
	}
}

// Both receive paths deliver a burst complete and in order; which one runs
// depends on whether the page installed the client's inbox.
func TestReceivePathDeliversInOrder(t *testing.T) {
	c := dial(t, echo("path", ""), DialOptions{})
	defer c.Close(CodeNormal, "")
	hasInbox := js.Global().Get("wasmsocketInbox").Type() == js.TypeFunction
	if got := asJSConn(c).in != nil; got != hasInbox {
		t.Fatalf("inbox in use: %v, installed: %v", got, hasInbox)
	}
	t.Logf("receiving through the client inbox: %v", hasInbox)
	c.Write(Message{Data: []byte(`{"type":"flood","count":2000,"size":40}`)})
	for i := 1; i <= 2000; i++ {
		m, err := c.Read()
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf(`{"seq":%d,`, i); !strings.HasPrefix(string(m.Data), want) || len(m.Data) != 40 {
			t.Fatalf("message %d = %q", i, m.Data)
		}
	}
}

func asJSConn(c Conn) *jsConn {
	if b, ok := c.(batchConn); ok {
		return b.jsConn
	}
	return c.(*jsConn)
}

// With the client's inbox, the connection sends in batches: text and
// binary arrive in order and intact, and a batch written after the close
// reports that nothing went out instead of losing it silently.
func TestBatchWrite(t *testing.T) {
	c := dial(t, echo("batch", ""), DialOptions{})
	defer c.Close(CodeNormal, "")
	bw, ok := c.(BatchWriter)
	if hasInbox := js.Global().Get("wasmsocketInbox").Type() == js.TypeFunction; ok != hasInbox {
		t.Fatalf("batch writer: %v, inbox installed: %v", ok, hasInbox)
	}
	if !ok {
		t.Skip("coder/websocket's own path: no batch writer without the client's inbox")
	}
	const n = 3000
	var batch []Message
	for i := range n {
		m := Message{Binary: i%3 == 0, Data: []byte(fmt.Sprintf("m%d-%s", i, strings.Repeat("é", i%50)))}
		batch = append(batch, m)
		if len(batch) == 700 || i == n-1 {
			bw.Gather(nil)
			if sent, err := bw.WriteBatch(batch); sent != len(batch) || err != nil {
				t.Fatalf("WriteBatch sent %d of %d: %v", sent, len(batch), err)
			}
			batch = batch[:0]
		}
	}
	for i := range n {
		m, err := c.Read()
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("m%d-%s", i, strings.Repeat("é", i%50))
		if string(m.Data) != want || m.Binary != (i%3 == 0) {
			t.Fatalf("echo %d = %q (binary %v), want %q", i, m.Data, m.Binary, want)
		}
	}
	c.Close(CodeNormal, "")
	if _, err := c.Read(); err == nil {
		t.Fatal("Read after Close returned a message")
	}
	if sent, err := bw.WriteBatch([]Message{{Data: []byte("late")}}); sent != 0 || err == nil {
		t.Fatalf("WriteBatch after the close: sent %d, err %v", sent, err)
	}
}
