package server

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestSlowClientIsKilled shrinks the queue bound so a broadcast room with a
// client that never reads overflows quickly; the room must keep flowing
// for the others.
func TestSlowClientIsKilled(t *testing.T) {
	s := New(Options{})
	s.maxQueue = 16
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()
	ws := "ws" + strings.TrimPrefix(hs.URL, "http") + "/ws/broadcast?room=slow"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	fast, _, err := websocket.Dial(ctx, ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.CloseNow()
	slow, _, err := websocket.Dial(ctx, ws+"&client=slow", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.CloseNow()
	// Stall the slow client's server side so its queue can only grow, as
	// with a client whose TCP window is full, without megabytes of traffic.
	slowInfo := s.Stats().Connections[1]
	s.mu.RLock()
	s.conns[slowInfo.ID].stalls.set(0)
	s.mu.RUnlock()

	msg := []byte("m")
	for i := 0; i < 64; i++ {
		if err := fast.Write(ctx, websocket.MessageText, msg); err != nil {
			t.Fatal(err)
		}
		if _, _, err := fast.Read(ctx); err != nil {
			t.Fatalf("fast client blocked by slow one at message %d: %v", i, err)
		}
	}
	if _, _, err := slow.Read(ctx); websocket.CloseStatus(err) != -1 || err == nil {
		t.Fatalf("slow client: got %v, want abrupt close", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.Stats().Open != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("stats %+v", s.Stats())
		}
		time.Sleep(time.Millisecond)
	}
	if st := s.Stats(); st.SlowKilled != 1 || st.Killed != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestLogBounded(t *testing.T) {
	l := msgLog{maxEntries: 3, maxBytes: 10}
	for _, m := range []string{"a", "b", "c", "d"} {
		l.add("t", 1, websocket.MessageText, []byte(m))
	}
	if got := l.forClient("t"); len(got) != 3 || got[0].Data != "b" {
		t.Fatalf("entry bound: %+v", got)
	}
	l.add("u", 2, websocket.MessageBinary, []byte("0123456789"))
	if n, dropped := l.counts(); n != 1 || dropped != 4 {
		t.Fatalf("byte bound: %d entries, %d dropped", n, dropped)
	}
	// Long runs must compact instead of growing the backing array forever.
	l = msgLog{maxEntries: 10, maxBytes: 1 << 20}
	for i := 0; i < 100000; i++ {
		l.add("t", 1, websocket.MessageText, []byte("x"))
	}
	if n, _ := l.counts(); n != 10 || cap(l.recs) > 8192 {
		t.Fatalf("%d entries, cap %d", n, cap(l.recs))
	}
}
