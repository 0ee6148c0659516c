package server_test

import (
	"encoding/binary"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func TestControlKillFilters(t *testing.T) {
	srv := start(t, server.Options{})
	a := dial(t, srv.WSURL+"/ws/echo?client=A")
	b := dial(t, srv.WSURL+"/ws/echo?client=B")
	r := dial(t, srv.WSURL+"/ws/broadcast?room=R")

	var resp struct{ Killed int }
	post(t, srv, "/control/kill?client=A", &resp)
	if resp.Killed != 1 {
		t.Fatalf("killed %d, want 1", resp.Killed)
	}
	expectAbrupt(t, a)
	// The response is only sent once the kill is visible in the stats.
	if st := srv.Stats(); st.Open != 2 || st.Killed != 1 {
		t.Fatalf("stats after kill: %+v", st)
	}
	write(t, b, websocket.MessageText, "still here")
	expectText(t, b, "still here")

	post(t, srv, "/control/kill?room=R", &resp)
	if resp.Killed != 1 {
		t.Fatalf("killed %d, want 1", resp.Killed)
	}
	expectAbrupt(t, r)

	id := srv.Stats().Connections[0].ID
	post(t, srv, fmt.Sprintf("/control/kill?id=%d", id+1000), &resp)
	if resp.Killed != 0 {
		t.Fatalf("killed %d with a wrong id", resp.Killed)
	}
	// GET works too, for a browser address bar.
	if code := control(t, srv, http.MethodGet, fmt.Sprintf("/control/kill?id=%d", id), &resp); code != 200 || resp.Killed != 1 {
		t.Fatalf("GET kill: status %d, killed %d", code, resp.Killed)
	}
	expectAbrupt(t, b)
	if st := srv.Stats(); st.Open != 0 {
		t.Fatalf("open %d", st.Open)
	}
}

func TestControlClose(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?client=c")
	var resp struct{ Closed int }
	post(t, srv, "/control/close?code=4002&reason=maintenance&client=c", &resp)
	if resp.Closed != 1 {
		t.Fatalf("closed %d", resp.Closed)
	}
	expectClose(t, c, 4002, "maintenance")
	waitStats(t, srv, "open == 0", openIs(0))

	// Close overrides a stall and preempts a running flood.
	c = dial(t, srv.WSURL+"/ws/echo")
	post(t, srv, "/control/stall?ms=0", nil)
	post(t, srv, "/control/close", nil)
	expectClose(t, c, websocket.StatusNormalClosure, "testserver")

	c = dial(t, srv.WSURL+"/ws/echo")
	write(t, c, websocket.MessageText, `{"type":"flood","count":100000000,"size":10}`)
	read(t, c)
	t0 := time.Now()
	post(t, srv, "/control/close?code=1001", nil)
	expectClose(t, c, websocket.StatusGoingAway, "testserver")
	if d := time.Since(t0); d > 2*time.Second {
		t.Fatalf("close during flood took %v", d)
	}
	waitStats(t, srv, "open == 0", openIs(0))
}

func TestControlDown(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo")
	var resp struct {
		Killed    int    `json:"killed"`
		DownUntil string `json:"down_until"`
	}
	t0 := time.Now()
	post(t, srv, "/control/down?ms=300", &resp)
	if resp.Killed != 1 {
		t.Fatalf("killed %d", resp.Killed)
	}
	until, err := time.Parse(time.RFC3339Nano, resp.DownUntil)
	if err != nil || until.Before(t0.Add(299*time.Millisecond)) {
		t.Fatalf("down_until %q: %v", resp.DownUntil, err)
	}
	expectAbrupt(t, c)
	if got := dialStatus(t, srv.WSURL+"/ws/echo"); got != http.StatusServiceUnavailable {
		t.Fatalf("status %d during down", got)
	}
	// Poll until the window ends; it must not end early.
	deadline := time.Now().Add(testTimeout)
	for {
		ctx := t.Context()
		c, _, err := websocket.Dial(ctx, srv.WSURL+"/ws/echo", nil)
		if err == nil {
			_ = c.CloseNow()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server never came back up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if d := time.Since(t0); d < 300*time.Millisecond {
		t.Fatalf("came back after %v, want >= 300ms", d)
	}
	if st := srv.Stats(); st.Refused < 1 {
		t.Fatalf("refused %d", st.Refused)
	}
}

func TestControlRefuse(t *testing.T) {
	srv := start(t, server.Options{})
	var resp struct {
		RefuseNext int `json:"refuse_next"`
		Status     int `json:"status"`
	}
	post(t, srv, "/control/refuse?n=2&status=502", &resp)
	if resp.RefuseNext != 2 || resp.Status != 502 {
		t.Fatalf("resp %+v", resp)
	}
	for range 2 {
		if got := dialStatus(t, srv.WSURL+"/ws/echo"); got != http.StatusBadGateway {
			t.Fatalf("status %d", got)
		}
	}
	dial(t, srv.WSURL+"/ws/echo")
	post(t, srv, "/control/refuse", nil) // defaults: n=1, 503
	if got := dialStatus(t, srv.WSURL+"/ws/echo"); got != http.StatusServiceUnavailable {
		t.Fatalf("status %d", got)
	}
	if st := srv.Stats(); st.Refused != 3 {
		t.Fatalf("refused %d", st.Refused)
	}
}

func TestControlDelay(t *testing.T) {
	srv := start(t, server.Options{})
	post(t, srv, "/control/delay?ms=200", nil)
	t0 := time.Now()
	dial(t, srv.WSURL+"/ws/echo")
	if d := time.Since(t0); d < 200*time.Millisecond {
		t.Fatalf("handshake took %v, want >= 200ms", d)
	}
	post(t, srv, "/control/delay?ms=0", nil)
	t0 = time.Now()
	dial(t, srv.WSURL+"/ws/echo")
	if d := time.Since(t0); d > 150*time.Millisecond {
		t.Fatalf("handshake took %v after delay was turned off", d)
	}
}

func TestControlStall(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?client=s")
	other := dial(t, srv.WSURL+"/ws/echo")
	msgs := readAsync(c)

	var resp struct{ Stalled int }
	post(t, srv, "/control/stall?ms=300&client=s", &resp)
	if resp.Stalled != 1 {
		t.Fatalf("stalled %d", resp.Stalled)
	}
	t0 := time.Now()
	write(t, c, websocket.MessageText, "during")
	expectSilence(t, msgs, 150*time.Millisecond)
	write(t, other, websocket.MessageText, "unaffected")
	expectText(t, other, "unaffected")
	if m := next(t, msgs); m.data != "during" {
		t.Fatalf("got %q", m.data)
	}
	if d := time.Since(t0); d < 250*time.Millisecond {
		t.Fatalf("stall lasted %v", d)
	}
}

func TestControlFlood(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?client=f")
	var resp struct{ Flooded int }
	post(t, srv, "/control/flood?count=3&size=50&binary=1&client=f", &resp)
	if resp.Flooded != 1 {
		t.Fatalf("flooded %d", resp.Flooded)
	}
	for i := 1; i <= 3; i++ {
		typ, got := read(t, c)
		if typ != websocket.MessageBinary || len(got) != 50 || binary.BigEndian.Uint64([]byte(got)) != uint64(i) {
			t.Fatalf("message %d: %v %d bytes", i, typ, len(got))
		}
	}
	post(t, srv, "/control/flood?count=2&size=20", nil)
	expectText(t, c, `{"seq":1,"p":"xxxx"}`)
	expectText(t, c, `{"seq":2,"p":"xxxx"}`)
}

func TestControlReset(t *testing.T) {
	srv := start(t, server.Options{})
	c := dial(t, srv.WSURL+"/ws/echo?client=r")
	write(t, c, websocket.MessageText, "x")
	expectText(t, c, "x")
	post(t, srv, "/control/refuse?n=5", nil)
	post(t, srv, "/control/delay?ms=5000", nil)

	post(t, srv, "/control/reset", nil)
	expectAbrupt(t, c)
	st := srv.Stats()
	if st.Open != 0 || st.TotalConnections != 0 || st.TotalMessages != 0 || st.Killed != 0 || st.LogEntries != 0 {
		t.Fatalf("stats after reset: %+v", st)
	}
	if log := srv.Log("r"); len(log) != 0 {
		t.Fatalf("log after reset: %+v", log)
	}
	// Faults are gone: no refusal, no delay.
	t0 := time.Now()
	dial(t, srv.WSURL+"/ws/echo")
	if d := time.Since(t0); d > time.Second {
		t.Fatalf("delay survived reset: %v", d)
	}
}

func TestStatsOpenReturnsToZero(t *testing.T) {
	srv := start(t, server.Options{})
	var conns []*websocket.Conn
	for i := range 5 {
		path := "/ws/echo"
		if i%2 == 1 {
			path = "/ws/broadcast"
		}
		conns = append(conns, dial(t, srv.WSURL+path))
	}
	var st server.Stats
	if code := control(t, srv, http.MethodGet, "/control/stats", &st); code != 200 || st.Open != 5 || len(st.Connections) != 5 {
		t.Fatalf("status %d, stats %+v", code, st)
	}
	for i, c := range conns {
		if i < 3 {
			if err := c.Close(websocket.StatusNormalClosure, ""); err != nil {
				t.Fatalf("close: %v", err)
			}
		} else {
			_ = c.CloseNow() // an abrupt client must not leak a server socket either
		}
	}
	waitStats(t, srv, "open == 0", openIs(0))
	if st := srv.Stats(); st.TotalConnections != 5 || st.Killed != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestLogAcrossReconnections(t *testing.T) {
	srv := start(t, server.Options{})
	c1 := dial(t, srv.WSURL+"/ws/echo?client=T")
	write(t, c1, websocket.MessageText, "a")
	write(t, c1, websocket.MessageBinary, "\x01\x02")
	expectText(t, c1, "a")
	read(t, c1)
	_ = c1.Close(websocket.StatusNormalClosure, "")
	other := dial(t, srv.WSURL+"/ws/echo")
	write(t, other, websocket.MessageText, "untagged")
	expectText(t, other, "untagged")
	c2 := dial(t, srv.WSURL+"/ws/broadcast?client=T")
	write(t, c2, websocket.MessageText, "c")
	expectText(t, c2, "c")

	var lg server.ClientLog
	if code := control(t, srv, http.MethodGet, "/control/log?client=T", &lg); code != 200 {
		t.Fatalf("status %d", code)
	}
	if lg.Client != "T" || len(lg.Messages) != 3 {
		t.Fatalf("log %+v", lg)
	}
	want := []server.LogEntry{
		{Conn: lg.Messages[0].Conn, Type: "text", Data: "a"},
		{Conn: lg.Messages[0].Conn, Type: "binary", Data: "AQI="},
		{Conn: lg.Messages[2].Conn, Type: "text", Data: "c"},
	}
	for i := range want {
		if lg.Messages[i] != want[i] {
			t.Fatalf("entry %d: got %+v, want %+v", i, lg.Messages[i], want[i])
		}
	}
	if lg.Messages[0].Conn == lg.Messages[2].Conn {
		t.Fatal("reconnection reused a connection id")
	}

	var all server.AllLogs
	control(t, srv, http.MethodGet, "/control/log", &all)
	if len(all.Clients) != 2 || len(all.Clients["T"]) != 3 || logData(all.Clients[""]) != "untagged" {
		t.Fatalf("all logs %+v", all)
	}
	var empty server.ClientLog
	control(t, srv, http.MethodGet, "/control/log?client=nobody", &empty)
	if empty.Messages == nil || len(empty.Messages) != 0 {
		t.Fatalf("unknown client: %+v", empty)
	}
}

func TestControlBadParams(t *testing.T) {
	srv := start(t, server.Options{})
	for _, pq := range []string{
		"/control/down?ms=abc", "/control/down?ms=-1", "/control/refuse?n=x", "/control/refuse?status=99",
		"/control/delay", "/control/delay?ms=1.5", "/control/stall", "/control/stall?ms=10&id=abc",
		"/control/close?code=1005", "/control/close?code=999", "/control/close?reason=" + strings.Repeat("r", 124),
		"/control/flood", "/control/flood?count=1&size=-1", "/control/flood?count=1&binary=maybe",
		"/control/kill?id=-3",
	} {
		var e struct{ Error string }
		if code := control(t, srv, http.MethodPost, pq, &e); code != http.StatusBadRequest || e.Error == "" {
			t.Errorf("%s: status %d, error %q", pq, code, e.Error)
		}
	}
	var e struct{ Error string }
	if code := control(t, srv, http.MethodPost, "/control/nope", &e); code != http.StatusNotFound || e.Error == "" {
		t.Errorf("unknown endpoint: status %d", code)
	}
	if code := control(t, srv, http.MethodDelete, "/control/kill", &e); code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: status %d", code)
	}
}

func TestControlHealthAndCORS(t *testing.T) {
	srv := start(t, server.Options{})
	resp, body := get(t, srv.URL+"/control/health")
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"ok":true}` {
		t.Fatalf("health: %d %s", resp.StatusCode, body)
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("headers %v", resp.Header)
	}
	req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/control/kill", nil)
	req.Header.Set("Origin", "http://example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	pre, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pre.Body.Close()
	if pre.StatusCode != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Fatalf("preflight: %d %v", pre.StatusCode, pre.Header)
	}
}

func TestPlainGETOnWSEndpoint(t *testing.T) {
	srv := start(t, server.Options{})
	post(t, srv, "/control/refuse?n=1", nil)
	if resp, _ := get(t, srv.URL+"/ws/echo"); resp.StatusCode != http.StatusUpgradeRequired {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// The plain GET must not have consumed the refusal.
	if got := dialStatus(t, srv.WSURL+"/ws/echo"); got != http.StatusServiceUnavailable {
		t.Fatalf("status %d", got)
	}
}
