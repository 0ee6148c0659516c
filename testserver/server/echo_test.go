package server_test

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func TestEchoTextAndBinary(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo")

	write(t, c, websocket.MessageText, "hello")
	expectText(t, c, "hello")
	write(t, c, websocket.MessageText, "")
	expectText(t, c, "")

	big := make([]byte, 1<<20)
	_, _ = rand.Read(big)
	for _, payload := range [][]byte{{0, 1, 2, 255}, big} {
		write(t, c, websocket.MessageBinary, string(payload))
		typ, got := read(t, c)
		if typ != websocket.MessageBinary || !bytes.Equal([]byte(got), payload) {
			t.Fatalf("binary echo of %d bytes: got %v with %d bytes", len(payload), typ, len(got))
		}
	}

	st := srv.Stats()
	if st.TotalMessages != 4 || st.Open != 1 || st.Connections[0].Received != 4 || st.Connections[0].Sent != 4 {
		t.Fatalf("stats: %+v", st)
	}
}

func TestBroadcastRooms(t *testing.T) {
	srv := start(t, server.Options{})
	a := dial(t, srv.WSURL+"/ws/broadcast?room=r1")
	b := dial(t, srv.WSURL+"/ws/broadcast?room=r1")
	other := dial(t, srv.WSURL+"/ws/broadcast?room=r2")
	def := dial(t, srv.WSURL+"/ws/broadcast")

	// No wait for the server here on purpose: membership must already be in
	// place when Dial returns.
	write(t, a, websocket.MessageText, "to-r1")
	expectText(t, a, "to-r1")
	expectText(t, b, "to-r1")
	write(t, b, websocket.MessageBinary, "\x00bin")
	for _, c := range []*websocket.Conn{a, b} {
		if typ, got := read(t, c); typ != websocket.MessageBinary || got != "\x00bin" {
			t.Fatalf("got %v %q", typ, got)
		}
	}

	// If r2 or the default room had received r1's messages they would come
	// before their own.
	write(t, other, websocket.MessageText, "to-r2")
	expectText(t, other, "to-r2")
	write(t, def, websocket.MessageText, "to-default")
	expectText(t, def, "to-default")

	st := srv.Stats()
	rooms := map[string]int{}
	for _, ci := range st.Connections {
		rooms[ci.Room]++
	}
	if rooms["r1"] != 2 || rooms["r2"] != 1 || rooms["default"] != 1 {
		t.Fatalf("rooms: %v", rooms)
	}
}

func TestHeartbeatNotLogged(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?client=hb")

	write(t, c, websocket.MessageText, "ping")
	expectText(t, c, "pong")
	write(t, c, websocket.MessageText, `{"type":"ping"}`)
	expectText(t, c, `{"type":"pong"}`)
	// Binary "ping" is data, not a heartbeat.
	write(t, c, websocket.MessageBinary, "ping")
	if typ, got := read(t, c); typ != websocket.MessageBinary || got != "ping" {
		t.Fatalf("got %v %q", typ, got)
	}
	write(t, c, websocket.MessageText, "data")
	expectText(t, c, "data")

	st := srv.Stats()
	if st.Pings != 2 || st.TotalMessages != 2 {
		t.Fatalf("pings %d, messages %d; want 2, 2", st.Pings, st.TotalMessages)
	}
	log := srv.Log("hb")
	if len(log) != 2 || log[0].Type != "binary" || log[0].Data != "cGluZw==" || log[1].Data != "data" {
		t.Fatalf("log: %+v", log)
	}
}

func TestBroadcastHeartbeatOnlyToSender(t *testing.T) {
	srv := start(t, server.Options{})
	a := dial(t, srv.WSURL+"/ws/broadcast?room=hb")
	b := dial(t, srv.WSURL+"/ws/broadcast?room=hb")
	write(t, a, websocket.MessageText, "ping")
	expectText(t, a, "pong")
	write(t, b, websocket.MessageText, "after")
	expectText(t, b, "after") // b never saw a's ping or pong
	expectText(t, a, "after")
}

func TestFloodText(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?client=f")

	// size 16 fits seq 1..9 ({"seq":9,"p":""} is 16 bytes) but not 10..12,
	// which must come out at their 17-byte minimum.
	for _, tc := range []struct{ count, size int }{{5, 100}, {12, 16}, {3, 0}, {2, 70000}} {
		write(t, c, websocket.MessageText, fmt.Sprintf(`{"type":"flood","count":%d,"size":%d}`, tc.count, tc.size))
		for i := 1; i <= tc.count; i++ {
			head := fmt.Sprintf(`{"seq":%d,"p":"`, i)
			want := head + strings.Repeat("x", max(0, tc.size-len(head)-2)) + `"}`
			expectText(t, c, want)
		}
	}
	// The flood is queued in order with replies: the echo comes after it.
	write(t, c, websocket.MessageText, "after")
	expectText(t, c, "after")
	if log := srv.Log("f"); len(log) != 1 || log[0].Data != "after" {
		t.Fatalf("flood commands must not be logged: %+v", log)
	}
}

func TestFloodBinary(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo")
	for _, tc := range []struct{ count, size, want int }{{3, 20, 20}, {2, 0, 8}, {1, 8, 8}} {
		write(t, c, websocket.MessageText, fmt.Sprintf(`{"type":"flood","count":%d,"size":%d,"binary":true}`, tc.count, tc.size))
		for i := 1; i <= tc.count; i++ {
			typ, got := read(t, c)
			if typ != websocket.MessageBinary || len(got) != tc.want {
				t.Fatalf("got %v of %d bytes, want binary of %d", typ, len(got), tc.want)
			}
			if seq := binary.BigEndian.Uint64([]byte(got)); seq != uint64(i) {
				t.Fatalf("seq %d, want %d", seq, i)
			}
			if strings.Trim(got[8:], "\x00") != "" {
				t.Fatalf("padding not zero: %q", got[8:])
			}
		}
	}
}

func TestFloodBadCommand(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo")
	for _, cmd := range []string{`{"type":"flood","count":-1}`, `{"type":"flood"}`, `{"type":"flood","count":1,"sise":3}`, `{"type":"flood",`} {
		write(t, c, websocket.MessageText, cmd)
		_, got := read(t, c)
		if !strings.HasPrefix(got, `{"type":"error","error":"`) {
			t.Fatalf("%s: got %q, want an error reply", cmd, got)
		}
	}
	if st := srv.Stats(); st.TotalMessages != 0 {
		t.Fatalf("bad commands counted as data: %+v", st)
	}
}

func TestFloodLargeCountIsFast(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo")
	const n = 20000
	write(t, c, websocket.MessageText, fmt.Sprintf(`{"type":"flood","count":%d,"size":64}`, n))
	for i := 1; i <= n; i++ {
		_, got := read(t, c)
		if len(got) != 64 {
			t.Fatalf("message %d: %d bytes", i, len(got))
		}
	}
	waitStats(t, srv, "sent count", func(st server.Stats) bool { return st.TotalSent == n })
}
