package server

import (
	"time"

	"github.com/coder/websocket"
)

// Default outbound bounds: generous enough for any honest benchmark, small
// enough that one client that stopped reading cannot eat the machine.
const (
	defaultMaxQueue      = 65536
	defaultMaxQueueBytes = 256 << 20
)

// ctlKind enumerates the rare queue entries that are not plain messages;
// they travel through the same queue as data so they happen in order with it.
type ctlKind uint8

const (
	ctlFlood ctlKind = iota + 1
	ctlClose
	ctlKill
	ctlStall
)

type ctlOp struct {
	kind   ctlKind
	flood  floodSpec
	code   websocket.StatusCode
	reason string
	stall  time.Duration
	ack    chan struct{} // closed once a ctlStall is in effect
}

// outMsg is kept small (a pointer for the rare control case) because up to
// maxQueue of them may sit in a slow client's queue.
type outMsg struct {
	typ  websocket.MessageType
	data []byte
	ctl  *ctlOp
}

// enqueue appends m to the outbound queue. It reports false when the queue
// is over its bound, in which case the caller must kill the connection.
func (c *conn) enqueue(m outMsg) bool {
	c.qmu.Lock()
	if c.qclosed {
		c.qmu.Unlock()
		return true // the writer is gone; the message can never be sent anyway
	}
	if len(c.q)-c.qhead >= c.s.maxQueue || c.qbytes+len(m.data) > c.s.maxQueueBytes {
		c.qmu.Unlock()
		return false
	}
	c.q = append(c.q, m)
	c.qbytes += len(m.data)
	c.qmu.Unlock()
	c.signal()
	return true
}

// dequeue pops the next message together with the write token; the
// caller must call releaseToken once it has been written.
func (c *conn) dequeue() (outMsg, bool) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.writing || c.qhead == len(c.q) {
		return outMsg{}, false
	}
	c.writing = true
	m := c.q[c.qhead]
	c.q[c.qhead] = outMsg{}
	c.qhead++
	c.qbytes -= len(m.data)
	if c.qhead == len(c.q) {
		c.q, c.qhead = c.q[:0], 0
	} else if c.qhead > 1024 && c.qhead*2 > len(c.q) {
		n := copy(c.q, c.q[c.qhead:])
		clear(c.q[n:])
		c.q, c.qhead = c.q[:n], 0
	}
	return m, true
}

// releaseToken gives the write token back and wakes the writer if messages
// queued up meanwhile (their enqueue wake-up may have been spent while the
// token was taken).
func (c *conn) releaseToken() {
	c.qmu.Lock()
	c.writing = false
	pending := c.qhead != len(c.q)
	c.qmu.Unlock()
	if pending {
		c.signal()
	}
}

func (c *conn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *conn) closeQueue() {
	c.qmu.Lock()
	c.qclosed = true
	c.q, c.qhead, c.qbytes = nil, 0, 0
	c.qmu.Unlock()
}

// send queues a message, killing the connection if its client has fallen so
// far behind that the queue overflowed; that keeps a stalled client from
// stalling a broadcast room or growing without bound.
func (c *conn) send(typ websocket.MessageType, data []byte) {
	if !c.enqueue(outMsg{typ: typ, data: data}) {
		c.overflowed()
	}
}

// reply sends a message to this connection's own client from its read
// loop. When nothing is queued or being written it writes inline, saving
// the hand-off to the writer goroutine, which roughly halves echo latency;
// a client that stops reading then simply stops the read loop too, which
// is ordinary TCP backpressure. Otherwise it queues, preserving order.
func (c *conn) reply(typ websocket.MessageType, data []byte) {
	c.qmu.Lock()
	if c.qclosed || c.writing || c.qhead != len(c.q) || c.closeRequested() || c.stalls.active() {
		c.qmu.Unlock()
		c.send(typ, data)
		return
	}
	c.writing = true
	c.qmu.Unlock()
	ok := c.write(typ, data)
	c.releaseToken()
	if !ok {
		c.abort() // as when the writer goroutine fails: the socket is unusable
	}
}

func (c *conn) sendCtl(op *ctlOp) {
	if !c.enqueue(outMsg{ctl: op}) {
		c.overflowed()
	}
}

func (c *conn) overflowed() {
	if c.kill() {
		c.s.slowKilled.Add(1)
		c.s.logf("conn %d: outbound queue overflow, killed slow client", c.id)
	}
}
