//go:build js && wasm

package transport

import (
	"errors"
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
