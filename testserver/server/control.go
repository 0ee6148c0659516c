package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// serveControl implements /control/*. Every response is JSON and CORS-open
// because the main caller is a browser test page on another origin.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "*")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	// GET is accepted for actions too, so a human can poke the server from
	// an address bar; nothing here is exposed beyond a test machine.
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		h.Set("Allow", "GET, POST, OPTIONS")
		writeJSONError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s not allowed", r.Method))
		return
	}
	q := r.URL.Query()
	var (
		resp any
		err  error
	)
	switch r.URL.Path {
	case "/control/health":
		resp = map[string]bool{"ok": true}
	case "/control/stats":
		resp = s.Stats()
	case "/control/log":
		if q.Has("client") {
			c := q.Get("client")
			resp = ClientLog{Client: c, Messages: s.Log(c)}
		} else {
			resp = AllLogs{Clients: s.log.all()}
		}
	case "/control/reset":
		s.Reset()
		resp = map[string]bool{"ok": true}
	case "/control/kill":
		resp, err = s.controlKill(q)
	case "/control/down":
		resp, err = s.controlDown(q)
	case "/control/refuse":
		resp, err = s.controlRefuse(q)
	case "/control/delay":
		resp, err = s.controlDelay(q)
	case "/control/stall":
		resp, err = s.controlStall(q)
	case "/control/close":
		resp, err = s.controlClose(q)
	case "/control/flood":
		resp, err = s.controlFlood(q)
	case "/control/results":
		s.serveResults(w, r)
		return
	default:
		writeJSONError(w, http.StatusNotFound, fmt.Errorf("unknown control endpoint %s", r.URL.Path))
		return
	}
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// connFilter selects connections for the actions that act on them. Filters
// combine with AND; presence matters, so client= (empty) means "untagged".
type connFilter struct {
	id     uint64
	hasID  bool
	client *string
	room   *string
}

func parseFilter(q url.Values) (connFilter, error) {
	var f connFilter
	if q.Has("id") {
		id, err := strconv.ParseUint(q.Get("id"), 10, 64)
		if err != nil {
			return f, fmt.Errorf("id must be a connection id, got %q", q.Get("id"))
		}
		f.id, f.hasID = id, true
	}
	if q.Has("client") {
		c := q.Get("client")
		f.client = &c
	}
	if q.Has("room") {
		rm := q.Get("room")
		f.room = &rm
	}
	return f, nil
}

func (f connFilter) match(c *conn) bool {
	if f.hasID && c.id != f.id {
		return false
	}
	if f.client != nil && c.client != *f.client {
		return false
	}
	if f.room != nil && (c.room == nil || c.room.name != *f.room) {
		return false
	}
	return true
}

// matching parses the filter and returns the open connections it selects.
func (s *Server) matching(q url.Values) ([]*conn, error) {
	f, err := parseFilter(q)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	open := s.openConnsLocked()
	s.mu.RUnlock()
	out := open[:0]
	for _, c := range open {
		if f.match(c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// killAll kills cs and waits until they have left Stats().Open, so the
// caller's response already reflects the kill.
func (s *Server) killAll(cs []*conn) int {
	n := 0
	for _, c := range cs {
		if c.kill() {
			n++
		}
	}
	s.waitGone(cs)
	return n
}

func (s *Server) controlKill(q url.Values) (any, error) {
	cs, err := s.matching(q)
	if err != nil {
		return nil, err
	}
	n := s.killAll(cs)
	s.logf("control: killed %d", n)
	return map[string]int{"killed": n}, nil
}

func (s *Server) controlDown(q url.Values) (any, error) {
	d, err := msParam(q, "ms", 0)
	if err != nil {
		return nil, err
	}
	// Go down before killing so clients reconnecting instantly are refused.
	until := time.Now().Add(d)
	s.faults.mu.Lock()
	s.faults.downUntil = until
	s.faults.mu.Unlock()
	s.mu.RLock()
	open := s.openConnsLocked()
	s.mu.RUnlock()
	n := s.killAll(open)
	s.logf("control: down until %s, killed %d", until.Format(time.RFC3339Nano), n)
	return struct {
		Killed    int    `json:"killed"`
		DownUntil string `json:"down_until"`
	}{n, until.Format(time.RFC3339Nano)}, nil
}

func (s *Server) controlRefuse(q url.Values) (any, error) {
	n, err := intParam(q, "n", 1, 0, 1<<62)
	if err != nil {
		return nil, err
	}
	status, err := statusParam(q, "status", http.StatusServiceUnavailable)
	if err != nil {
		return nil, err
	}
	s.faults.mu.Lock()
	s.faults.refuseNext, s.faults.refuseStatus = n, status
	s.faults.mu.Unlock()
	return struct {
		RefuseNext int64 `json:"refuse_next"`
		Status     int   `json:"status"`
	}{n, status}, nil
}

func (s *Server) controlDelay(q url.Values) (any, error) {
	if !q.Has("ms") {
		return nil, errors.New("ms is required")
	}
	d, err := msParam(q, "ms", 0)
	if err != nil {
		return nil, err
	}
	s.faults.mu.Lock()
	s.faults.delay = d
	s.faults.mu.Unlock()
	return map[string]int64{"delay_ms": d.Milliseconds()}, nil
}

func (s *Server) controlStall(q url.Values) (any, error) {
	// Required because its zero value means "forever", which should never
	// happen by accident.
	if !q.Has("ms") {
		return nil, errors.New("ms is required (0 stalls until kill or reset)")
	}
	d, err := msParam(q, "ms", 0)
	if err != nil {
		return nil, err
	}
	cs, err := s.matching(q)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		c.stalls.set(d)
	}
	return map[string]int{"stalled": len(cs)}, nil
}

func (s *Server) controlClose(q url.Values) (any, error) {
	code, reason, err := closeParams(q, "code", "reason")
	if err != nil {
		return nil, err
	}
	cs, err := s.matching(q)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		c.requestClose(code, reason)
	}
	return map[string]int{"closed": len(cs)}, nil
}

func (s *Server) controlFlood(q url.Values) (any, error) {
	if !q.Has("count") {
		return nil, errors.New("count is required")
	}
	count, err := intParam(q, "count", 0, 0, maxFloodCount)
	if err != nil {
		return nil, err
	}
	size, err := intParam(q, "size", 0, 0, maxFloodSize)
	if err != nil {
		return nil, err
	}
	bin, err := boolParam(q, "binary")
	if err != nil {
		return nil, err
	}
	spec, err := newFloodSpec(count, size, bin)
	if err != nil {
		return nil, err
	}
	cs, err := s.matching(q)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		c.sendCtl(&ctlOp{kind: ctlFlood, flood: spec})
	}
	return map[string]int{"flooded": len(cs)}, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
