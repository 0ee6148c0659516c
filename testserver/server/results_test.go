package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func TestResultsMailbox(t *testing.T) {
	s := start(t, server.Options{})
	if code := control(t, s, http.MethodGet, "/control/results?key=run1", nil); code != http.StatusNotFound {
		t.Fatalf("GET before POST: %d", code)
	}
	resp, err := http.Post(s.URL+"/control/results?key=run1", "application/json", strings.NewReader(`{"rate":123.5}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	var got struct{ Rate float64 }
	if code := control(t, s, http.MethodGet, "/control/results?key=run1", &got); code != http.StatusOK || got.Rate != 123.5 {
		t.Fatalf("GET: %d %+v", code, got)
	}
	resp, _ = http.Post(s.URL+"/control/results?key=bad", "application/json", strings.NewReader(`{not json`))
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("invalid JSON: %d", resp.StatusCode)
	}
	resp.Body.Close()
	if code := control(t, s, http.MethodGet, "/control/results", nil); code != http.StatusBadRequest {
		t.Fatalf("no key: %d", code)
	}
}

func TestAcceptedByClient(t *testing.T) {
	s := start(t, server.Options{})
	for range 3 {
		c := dial(t, s.WSURL+"/ws/echo?client=counted")
		c.CloseNow()
	}
	if got := s.Stats().AcceptedByClient["counted"]; got != 3 {
		t.Fatalf("accepted = %d, want 3", got)
	}
	s.Reset()
	if got := s.Stats().AcceptedByClient["counted"]; got != 0 {
		t.Fatalf("after reset: %d", got)
	}
}
