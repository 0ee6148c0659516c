package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func TestKillAfter(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?kill_after=2&client=k")
	write(t, c, websocket.MessageText, "ping") // heartbeats do not count
	expectText(t, c, "pong")
	write(t, c, websocket.MessageText, "a")
	expectText(t, c, "a")
	write(t, c, websocket.MessageText, "b")
	expectText(t, c, "b") // the reply to the last message still arrives
	expectAbrupt(t, c)
	st := waitStats(t, srv, "open == 0", openIs(0))
	if st.Killed != 1 {
		t.Fatalf("killed %d, want 1", st.Killed)
	}
	if got := logData(srv.Log("k")); got != "a,b" {
		t.Fatalf("log %q", got)
	}
}

func TestKillAfterZero(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?kill_after=0&client=k0")
	_ = c.Write(t.Context(), websocket.MessageText, []byte("too late")) // may or may not reach the socket
	expectAbrupt(t, c)
	waitStats(t, srv, "open == 0", openIs(0))
	if log := srv.Log("k0"); len(log) != 0 {
		t.Fatalf("message processed after kill_after=0: %+v", log)
	}
}

func TestCloseAfter(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?close_code=4001&close_reason=bye&close_after=1")
	write(t, c, websocket.MessageText, "a")
	expectText(t, c, "a")
	expectClose(t, c, 4001, "bye")
	waitStats(t, srv, "open == 0", openIs(0))

	c = dial(t, srv.WSURL+"/ws/echo?close_after=0")
	expectClose(t, c, websocket.StatusNormalClosure, "testserver")

	c = dial(t, srv.WSURL+"/ws/echo?close_code=1001")
	expectClose(t, c, websocket.StatusGoingAway, "testserver")
	waitStats(t, srv, "open == 0", openIs(0))
}

func TestStallAfter(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?stall_after=1&stall_ms=300")
	msgs := readAsync(c)
	write(t, c, websocket.MessageText, "a")
	if m := next(t, msgs); m.data != "a" {
		t.Fatalf("got %q", m.data)
	}
	stalledAt := time.Now()
	write(t, c, websocket.MessageText, "b")
	write(t, c, websocket.MessageText, "ping")
	expectSilence(t, msgs, 150*time.Millisecond)
	if st := srv.Stats(); !st.Connections[0].Stalled {
		t.Fatalf("connection not reported as stalled: %+v", st.Connections)
	}
	// Everything that arrived during the stall is processed afterwards.
	if m := next(t, msgs); m.data != "b" {
		t.Fatalf("got %q", m.data)
	}
	if d := time.Since(stalledAt); d < 250*time.Millisecond {
		t.Fatalf("stall lasted %v, want about 300ms", d)
	}
	if m := next(t, msgs); m.data != "pong" {
		t.Fatalf("got %q", m.data)
	}
}

func TestStallForeverUntilKilled(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?stall_ms=0")
	msgs := readAsync(c)
	write(t, c, websocket.MessageText, "a")
	expectSilence(t, msgs, 100*time.Millisecond)
	var resp struct{ Killed int }
	post(t, srv, "/control/kill", &resp)
	if resp.Killed != 1 {
		t.Fatalf("killed %d", resp.Killed)
	}
	if m := <-msgs; m.err == nil || websocket.CloseStatus(m.err) != -1 {
		t.Fatalf("got %+v, want abrupt end", m)
	}
	if st := srv.Stats(); st.Open != 0 {
		t.Fatalf("open %d after kill returned", st.Open)
	}
}

func TestRefuseParam(t *testing.T) {
	srv := start(t, server.Options{})
	if got := dialStatus(t, srv.WSURL+"/ws/echo?refuse=503"); got != http.StatusServiceUnavailable {
		t.Fatalf("status %d", got)
	}
	if got := dialStatus(t, srv.WSURL+"/ws/broadcast?refuse=429"); got != http.StatusTooManyRequests {
		t.Fatalf("status %d", got)
	}
	if st := srv.Stats(); st.Refused != 2 || st.TotalConnections != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestDelayParam(t *testing.T) {
	srv := start(t, server.Options{})
	t0 := time.Now()
	c := dial(t, srv.WSURL+"/ws/echo?delay=200")
	if d := time.Since(t0); d < 200*time.Millisecond {
		t.Fatalf("handshake took %v, want >= 200ms", d)
	}
	write(t, c, websocket.MessageText, "x")
	expectText(t, c, "x")
}

func TestBadConnParams(t *testing.T) {
	srv := start(t, server.Options{})
	for _, q := range []string{"kill_after=-1", "delay=abc", "refuse=101", "close_code=1005",
		"close_code=1006", "stall_ms=-5", "close_after=x"} {
		if got := dialStatus(t, srv.WSURL+"/ws/echo?"+q); got != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", q, got)
		}
	}
}

func TestServerCloseKillsDelayedHandshake(t *testing.T) {
	srv, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, _, err := websocket.Dial(t.Context(), srv.WSURL+"/ws/echo?delay=60000", nil)
		if err == nil {
			_ = c.CloseNow()
		}
	}()
	time.Sleep(50 * time.Millisecond) // let the handshake reach its delay
	t0 := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(t0); d > time.Second {
		t.Fatalf("Close took %v with a delayed handshake pending", d)
	}
	<-done
}

func TestRunningCloseWithOpenClients(t *testing.T) {
	srv, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	idle := dial(t, srv.WSURL+"/ws/echo")
	stalled := dial(t, srv.WSURL+"/ws/broadcast?stall_ms=0")
	flooded := dial(t, srv.WSURL+"/ws/echo")
	write(t, flooded, websocket.MessageText, `{"type":"flood","count":100000000,"size":1000}`)
	read(t, flooded) // the flood is running and will soon block on a full TCP window
	closing := dial(t, srv.WSURL+"/ws/echo")
	var resp struct{ Closed int }
	// Nobody reads on `closing`, so its close handshake stays pending.
	post(t, srv, "/control/close?id="+fmt.Sprint(srv.Stats().Connections[3].ID), &resp)

	t0 := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(t0); d > time.Second {
		t.Fatalf("Close took %v", d)
	}
	for _, c := range []*websocket.Conn{idle, stalled, flooded} {
		expectAbrupt(t, c)
	}
	_ = readErr(t, closing) // it may have received the close frame before the kill
	if st := srv.Stats(); st.Open != 0 {
		t.Fatalf("open %d after Close", st.Open)
	}
}
