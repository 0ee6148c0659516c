package server_test

import (
	"fmt"
	"testing"

	"github.com/coder/websocket"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func TestSinkCountsAndDiscards(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/sink?client=s")

	// Nothing sent yet: the count is 0 and comes back at once.
	write(t, c, websocket.MessageText, `{"type":"count"}`)
	expectText(t, c, `{"type":"count","n":0}`)

	const n = 1000
	for i := range n {
		if i%2 == 0 {
			write(t, c, websocket.MessageText, fmt.Sprintf("m%d", i))
		} else {
			write(t, c, websocket.MessageBinary, "\x00\x01")
		}
	}
	// Heartbeats are answered and are not data. Had anything been echoed,
	// it would arrive before the pong.
	write(t, c, websocket.MessageText, "ping")
	expectText(t, c, "pong")
	write(t, c, websocket.MessageText, `{"type":"count"}`)
	expectText(t, c, fmt.Sprintf(`{"type":"count","n":%d}`, n))

	// Floods work as on /ws/echo.
	write(t, c, websocket.MessageText, `{"type":"flood","count":3,"size":32}`)
	for range 3 {
		if _, got := read(t, c); len(got) != 32 {
			t.Fatalf("flood message of %d bytes, want 32", len(got))
		}
	}
	write(t, c, websocket.MessageText, "one more")
	write(t, c, websocket.MessageText, `{"type":"count"}`)
	expectText(t, c, fmt.Sprintf(`{"type":"count","n":%d}`, n+1))

	st := srv.Stats()
	if st.TotalMessages != n+1 || st.Pings != 1 || st.Open != 1 {
		t.Fatalf("stats: %+v", st)
	}
	if ci := st.Connections[0]; ci.Path != "/ws/sink" || ci.Received != n+1 || ci.Sent != 7 {
		t.Fatalf("connection: %+v (want 3 counts, 1 pong and 3 flood messages sent)", ci)
	}
	if log := srv.Log("s"); len(log) != 0 {
		t.Fatalf("the sink logged %d messages, want none", len(log))
	}

	// Counts are per connection.
	c2 := dial(t, srv.WSURL+"/ws/sink")
	write(t, c2, websocket.MessageText, "x")
	write(t, c2, websocket.MessageText, `{"type":"count"}`)
	expectText(t, c2, `{"type":"count","n":1}`)
}

func TestSinkFaultThresholds(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/sink?kill_after=3")
	for range 3 {
		write(t, c, websocket.MessageText, "data")
	}
	expectAbrupt(t, c)
	waitStats(t, srv, "killed", func(st server.Stats) bool { return st.Killed == 1 && st.Open == 0 })
}

func TestCountIsDataOnEcho(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo")
	write(t, c, websocket.MessageText, `{"type":"count"}`)
	expectText(t, c, `{"type":"count"}`)
}
