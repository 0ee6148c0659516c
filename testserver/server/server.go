// Package server is the WebSocket test server every test, benchmark and demo
// of the client library talks to: echo, broadcast and sink endpoints, in-band
// heartbeat, flood and count commands, per-connection and global fault injection,
// and an HTTP control API to observe and steer it. It is importable so Go
// tests can run it in-process.
package server

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// readLimit matches the largest message tests are expected to send, so a
// benchmark of big frames is not cut off by the library's 32 KiB default.
const readLimit = 16 << 20

// Options configures a Server.
type Options struct {
	// StaticDir, if non-empty, is served at "/" so a browser demo and the
	// server under test share one origin.
	StaticDir string
	// Logf receives diagnostic lines; nil keeps the server silent so test
	// output stays readable.
	Logf func(format string, args ...any)
}

// Server is the test server. It is an http.Handler so it can be mounted in
// any http.Server (see Listen for the common case).
type Server struct {
	opts   Options
	static http.Handler

	// Outbound queue bounds, fields rather than constants so in-package
	// tests can provoke a slow-client kill cheaply.
	maxQueue      int
	maxQueueBytes int

	mu       sync.RWMutex // guards conns, rooms, nextID, closed, accepted
	conns    map[uint64]*conn
	accepted map[string]int64 // upgrades accepted per ?client= tag
	rooms    map[string]*room
	nextID   uint64
	closed   bool
	done     chan struct{} // closed by Close
	wg       sync.WaitGroup

	faults  globalFaults
	log     msgLog
	results results

	totalConnections atomic.Int64
	totalMessages    atomic.Int64
	totalSent        atomic.Int64
	pings            atomic.Int64
	refused          atomic.Int64
	killed           atomic.Int64
	slowKilled       atomic.Int64
}

// New returns a ready Server; it starts no goroutine until a connection
// arrives, so an unused Server needs no Close.
func New(opts Options) *Server {
	s := &Server{
		opts:          opts,
		maxQueue:      defaultMaxQueue,
		maxQueueBytes: defaultMaxQueueBytes,
		conns:         map[uint64]*conn{},
		rooms:         map[string]*room{},
		done:          make(chan struct{}),
	}
	s.log.maxEntries, s.log.maxBytes = maxLogEntries, maxLogBytes
	if opts.StaticDir != "" {
		s.static = newStaticHandler(opts.StaticDir)
	}
	return s
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// ServeHTTP routes WebSocket endpoints, the control API and static files.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/ws/echo":
		s.serveWS(w, r, p, "")
	case p == "/ws/sink": // see sink.go
		s.serveWS(w, r, p, "")
	case p == "/ws/broadcast":
		room := r.URL.Query().Get("room")
		if room == "" {
			room = "default"
		}
		s.serveWS(w, r, p, room)
	case strings.HasPrefix(p, "/control/"):
		s.serveControl(w, r)
	case s.static != nil:
		s.static.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

// Close abruptly kills every connection (no close frames) and waits until
// every goroutine the Server started has returned. Upgrades arriving later
// are refused with 503. It is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
	open := s.openConnsLocked()
	s.mu.Unlock()
	for _, c := range open {
		c.abort()
	}
	s.wg.Wait()
}

// Stats returns the same snapshot as GET /control/stats.
func (s *Server) Stats() Stats {
	s.mu.RLock()
	open := s.openConnsLocked()
	accepted := maps.Clone(s.accepted)
	s.mu.RUnlock()
	if accepted == nil {
		accepted = map[string]int64{}
	}
	entries, dropped := s.log.counts()
	st := Stats{
		AcceptedByClient: accepted,
		Open:             len(open),
		TotalConnections: s.totalConnections.Load(),
		TotalMessages:    s.totalMessages.Load(),
		TotalSent:        s.totalSent.Load(),
		Pings:            s.pings.Load(),
		Refused:          s.refused.Load(),
		Killed:           s.killed.Load(),
		SlowKilled:       s.slowKilled.Load(),
		LogEntries:       entries,
		LogDropped:       dropped,
		Connections:      make([]ConnInfo, 0, len(open)),
	}
	for _, c := range open {
		st.Connections = append(st.Connections, c.info())
	}
	return st
}

// Log returns the messages received from connections tagged client (""
// for untagged ones), oldest first; the same data as GET /control/log.
func (s *Server) Log(client string) []LogEntry {
	return s.log.forClient(client)
}

// Reset kills every connection, clears global faults, counters and the
// log, so consecutive tests sharing one server start from a clean state.
// It returns once the killed connections have left Stats().Open.
func (s *Server) Reset() {
	s.mu.RLock()
	open := s.openConnsLocked()
	s.mu.RUnlock()
	for _, c := range open {
		c.abort()
	}
	s.waitGone(open)
	s.mu.Lock()
	s.accepted = nil
	s.mu.Unlock()
	s.faults.reset()
	s.log.reset()
	for _, n := range []*atomic.Int64{&s.totalConnections, &s.totalMessages, &s.totalSent,
		&s.pings, &s.refused, &s.killed, &s.slowKilled} {
		n.Store(0)
	}
	s.logf("reset")
}

// openConnsLocked returns the open connections ordered by ID; the caller
// holds s.mu.
func (s *Server) openConnsLocked() []*conn {
	out := make([]*conn, 0, len(s.conns))
	for _, c := range s.conns {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *conn) int { return cmp.Compare(a.id, b.id) })
	return out
}

// waitGone waits until the given connections have been unregistered, so a
// control action's response already reflects its effect on Stats. The
// bound only matters if something is badly wrong; aborting a socket makes
// its read loop end almost immediately.
func (s *Server) waitGone(cs []*conn) {
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	for _, c := range cs {
		select {
		case <-c.gone:
		case <-t.C:
			return
		}
	}
}

// track registers an in-flight WebSocket handler with the WaitGroup Close
// waits on; it refuses once Close has begun so Add never races with Wait.
func (s *Server) track() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request, path, roomName string) {
	// Plain GETs (a browser address bar, a health probe) must not consume
	// refuse credits or sit through delays; let Accept reject them.
	if !headerHasToken(r.Header, "Upgrade", "websocket") {
		http.Error(w, "testserver: this endpoint expects a WebSocket upgrade", http.StatusUpgradeRequired)
		return
	}
	f, err := parseConnFaults(r.URL.Query())
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err)
		return
	}
	if !s.track() {
		refuse(w, http.StatusServiceUnavailable, "server closed")
		return
	}
	defer s.wg.Done()

	if d := f.delay + s.faults.handshakeDelay(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
			refuse(w, http.StatusServiceUnavailable, "server closed")
			return
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	// Refusals are decided after the delay, i.e. when the handshake would
	// complete, so a delayed upgrade during /control/down is still refused.
	status := f.refuse
	if status == 0 {
		status = s.faults.refusal(time.Now())
	}
	if status != 0 {
		s.refused.Add(1)
		refuse(w, status, "upgrade refused by fault injection")
		return
	}

	c := &conn{
		s:          s,
		path:       path,
		sink:       path == "/ws/sink",
		client:     r.URL.Query().Get("client"),
		faults:     f,
		stalls:     newStallState(),
		wake:       make(chan struct{}, 1),
		done:       make(chan struct{}),
		writerDone: make(chan struct{}),
		gone:       make(chan struct{}),
	}
	// Register from inside Hijack, just before net/http flushes the 101:
	// once a client's Dial returns it is already a room member and counted
	// as open, so "connect B, then A broadcasts" never races.
	registered := false
	hr := &hijackRecorder{ResponseWriter: w, conn: c, register: func() {
		registered = s.register(c, roomName)
	}}
	ws, err := websocket.Accept(hr, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true,
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		s.logf("accept %s: %v", r.URL, err)
		if registered {
			s.unregister(c)
			c.abort()
		}
		return
	}
	if !registered { // Close won the race with this upgrade
		_ = ws.CloseNow()
		return
	}
	ws.SetReadLimit(readLimit)
	c.ws = ws
	s.logf("conn %d: open %s client=%q room=%q", c.id, path, c.client, roomName)

	s.wg.Add(1) // safe: this handler's own Add keeps the counter above zero
	go c.writeLoop()
	c.readLoop()

	s.unregister(c)
	c.abort()
	<-c.writerDone
	_ = ws.CloseNow() // releases the library's state; the socket is already closed
	s.logf("conn %d: closed", c.id)
}

func (s *Server) register(c *conn, roomName string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.nextID++
	c.id = s.nextID
	c.opened = time.Now()
	if roomName != "" {
		rm := s.rooms[roomName]
		if rm == nil {
			rm = &room{name: roomName, members: map[*conn]struct{}{}}
			s.rooms[roomName] = rm
		}
		rm.mu.Lock()
		rm.members[c] = struct{}{}
		rm.mu.Unlock()
		c.room = rm
	}
	s.conns[c.id] = c
	s.totalConnections.Add(1)
	if c.client != "" {
		if s.accepted == nil {
			s.accepted = map[string]int64{}
		}
		s.accepted[c.client]++
	}
	return true
}

func (s *Server) unregister(c *conn) {
	s.mu.Lock()
	delete(s.conns, c.id)
	if rm := c.room; rm != nil {
		rm.mu.Lock()
		delete(rm.members, c)
		empty := len(rm.members) == 0
		rm.mu.Unlock()
		if empty {
			delete(s.rooms, rm.name)
		}
	}
	s.mu.Unlock()
	close(c.gone)
}

func refuse(w http.ResponseWriter, status int, msg string) {
	http.Error(w, fmt.Sprintf("testserver: %s (%d)", msg, status), status)
}

func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
