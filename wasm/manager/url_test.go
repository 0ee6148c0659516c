package manager

import (
	"errors"
	"strings"
	"testing"
)

// FuzzCheckURL: whatever the input, checkURL either refuses it with
// ErrInvalidURL or returns an absolute ws(s) URL that it accepts unchanged.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"ws://localhost:8080/ws", "https://a.b/c?d=e", "ws://", "ftp://x", "", "ws://h/#f", "wss://[::1]:9/x", "http//x", "ws://%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := checkURL(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidURL) || !strings.Contains(err.Error(), "invalid WebSocket URL") {
				t.Fatalf("checkURL(%q) error %v", raw, err)
			}
			return
		}
		if !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
			t.Fatalf("checkURL(%q) = %q", raw, u)
		}
		if again, err := checkURL(u); err != nil || again != u {
			t.Fatalf("not stable: %q -> %q -> %q, %v", raw, u, again, err)
		}
	})
}
