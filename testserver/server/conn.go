package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Heartbeats are answered by the server itself and never echoed or logged.
const (
	pingText     = "ping"
	pingJSONText = `{"type":"ping"}`
	countText    = `{"type":"count"}`
)

// The pong replies are shared read-only by every connection.
var (
	pongText = []byte("pong")
	pongJSON = []byte(`{"type":"pong"}`)
)

type conn struct {
	s       *Server
	id      uint64
	path    string
	room    *room // nil on /ws/echo and /ws/sink
	sink    bool  // /ws/sink: data is counted and discarded, not echoed or logged
	client  string
	opened  time.Time
	faults  connFaults
	ws      *websocket.Conn
	rawMu   sync.Mutex
	raw     net.Conn // the hijacked socket; closing it is the one kill that never blocks
	aborted bool     // guarded by rawMu; a kill may land before raw is known
	stalls  *stallState
	dataSeq int64 // data messages read so far; owned by the read loop

	received atomic.Int64
	sent     atomic.Int64

	qmu     sync.Mutex
	q       []outMsg
	qhead   int
	qbytes  int
	qclosed bool
	// writing is the write token, guarded by qmu: whoever holds it (the
	// writer goroutine, or the read loop on its fast path) is the only one
	// writing data frames, so messages leave in queue order.
	writing bool
	wake    chan struct{} // capacity 1: "the queue may have something"

	closeReq atomic.Pointer[ctlOp] // a control-API close jumps the queue

	abortOnce  sync.Once
	killed     atomic.Bool
	done       chan struct{} // closed when the connection is being torn down
	writerDone chan struct{}
	gone       chan struct{} // closed once removed from Server.conns
}

// requestClose starts a close handshake ahead of anything queued, even
// during a stall, which is what /control/close promises.
func (c *conn) requestClose(code websocket.StatusCode, reason string) {
	c.closeReq.CompareAndSwap(nil, &ctlOp{kind: ctlClose, code: code, reason: reason})
	c.signal()
	c.stalls.poke()
}

// kill drops the TCP connection without a close frame and counts it once.
func (c *conn) kill() bool {
	if !c.killed.CompareAndSwap(false, true) {
		return false
	}
	c.s.killed.Add(1)
	c.abort()
	return true
}

// abort tears the connection down abruptly. Closing the raw socket (rather
// than calling CloseNow) unblocks every pending read and write at once, even
// one stuck inside a close handshake waiting on an unresponsive peer.
func (c *conn) abort() {
	c.abortOnce.Do(func() {
		close(c.done)
		c.rawMu.Lock()
		c.aborted = true
		raw := c.raw
		c.rawMu.Unlock()
		if raw != nil {
			_ = raw.Close()
		}
	})
}

func (c *conn) setRaw(raw net.Conn) {
	c.rawMu.Lock()
	c.raw = raw
	aborted := c.aborted
	c.rawMu.Unlock()
	if aborted {
		_ = raw.Close()
	}
}

func (c *conn) closeRequested() bool { return c.closeReq.Load() != nil }

// readLoop runs on the handler goroutine and returns when the connection
// must go away. Until it returns the connection counts as open.
func (c *conn) readLoop() {
	// Faults with a threshold of 0 fire before anything is read, so a client
	// sending eagerly cannot sneak a message into the log first.
	if !c.applyThresholdFaults() {
		return
	}
	for {
		if !c.stalls.wait(c.done, nil) {
			return
		}
		typ, data, err := c.ws.Read(context.Background())
		if err != nil {
			c.s.logf("conn %d: read ended: %v", c.id, err)
			return
		}
		// A stall may have begun while Read was blocked; hold the message
		// until it ends so it is processed late rather than early.
		if !c.stalls.wait(c.done, nil) {
			return
		}
		if !c.handle(typ, data) {
			return
		}
	}
}

// handle processes one message and reports whether reading should go on.
func (c *conn) handle(typ websocket.MessageType, data []byte) bool {
	if typ == websocket.MessageText {
		switch {
		case string(data) == pingText:
			c.s.pings.Add(1)
			c.reply(websocket.MessageText, pongText)
			return true
		case string(data) == pingJSONText:
			c.s.pings.Add(1)
			c.reply(websocket.MessageText, pongJSON)
			return true
		case bytes.HasPrefix(data, floodPrefix):
			spec, err := parseFloodCommand(data)
			if err != nil {
				msg, _ := json.Marshal(struct {
					Type  string `json:"type"`
					Error string `json:"error"`
				}{"error", err.Error()})
				c.reply(websocket.MessageText, msg)
				return true
			}
			c.sendCtl(&ctlOp{kind: ctlFlood, flood: spec})
			return true
		case c.sink && string(data) == countText:
			c.reply(websocket.MessageText, countReply(c.dataSeq))
			return true
		}
	}

	c.received.Add(1)
	c.s.totalMessages.Add(1)
	if c.sink {
		// Counted above, and in dataSeq below, for the count command and
		// the threshold faults; a send benchmark of a million messages
		// must not fill the log or cost an echo each.
		c.dataSeq++
		return c.applyThresholdFaults()
	}
	// Log before replying so that once a client sees the echo, the log is
	// guaranteed to contain the message; tests rely on that to avoid polling.
	c.s.log.add(c.client, c.id, typ, data)
	if c.room != nil {
		c.room.broadcast(typ, data)
	} else {
		c.reply(typ, data)
	}
	c.dataSeq++
	return c.applyThresholdFaults()
}

// applyThresholdFaults fires the per-connection faults whose data-message
// threshold was just reached. Kill and close go through the writer queue so
// every reply to the messages before them is delivered first, and reading
// stops so nothing after the threshold is processed.
func (c *conn) applyThresholdFaults() bool {
	f, n := &c.faults, c.dataSeq
	switch {
	case f.killAfter == n:
		c.sendCtl(&ctlOp{kind: ctlKill})
		return c.waitWriter()
	case f.closeAfter == n:
		c.sendCtl(&ctlOp{kind: ctlClose, code: f.closeCode, reason: f.closeReason})
		return c.waitWriter()
	case f.stallAfter == n:
		op := &ctlOp{kind: ctlStall, stall: f.stall, ack: make(chan struct{})}
		c.sendCtl(op)
		select {
		case <-op.ack:
			return true
		case <-c.done:
			return false
		}
	}
	return true
}

// waitWriter parks the reader until the writer has finished (after a kill or
// close it queued); it always reports false because the connection is over.
func (c *conn) waitWriter() bool {
	select {
	case <-c.writerDone:
	case <-c.done:
	}
	return false
}

func (c *conn) info() ConnInfo {
	ci := ConnInfo{
		ID:       c.id,
		Path:     c.path,
		Client:   c.client,
		Opened:   c.opened,
		Received: c.received.Load(),
		Sent:     c.sent.Load(),
		Stalled:  c.stalls.active(),
	}
	if c.room != nil {
		ci.Room = c.room.name
	}
	return ci
}

// hijackRecorder hands coder/websocket the real Hijacker while keeping the
// raw socket, so the server can always kill it abruptly, and registers the
// connection at the last moment before the 101 reaches the client.
type hijackRecorder struct {
	http.ResponseWriter
	conn     *conn
	register func()
}

// Hijack registers the connection, then hijacks and remembers the socket.
func (h *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h.register()
	raw, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err == nil {
		h.conn.setRaw(raw)
	}
	return raw, brw, err
}

// Unwrap lets http.ResponseController see through the recorder.
func (h *hijackRecorder) Unwrap() http.ResponseWriter { return h.ResponseWriter }
