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
	if got := c.(*jsConn).in != nil; got != hasInbox {
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
