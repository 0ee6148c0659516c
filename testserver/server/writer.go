package server

import (
	"context"

	"github.com/coder/websocket"
)

// writeLoop drains the outbound queue. Together with the write token it
// serializes writes, and it keeps a long flood or a slow broadcast
// recipient from ever blocking a read loop.
func (c *conn) writeLoop() {
	defer c.s.wg.Done()
	defer close(c.writerDone)
	// Whatever ends the writer ends the connection; otherwise a reader parked
	// in a stall or waitWriter could outlive a finished close handshake.
	defer c.abort()
	defer c.closeQueue()

	for {
		if op := c.closeReq.Load(); op != nil {
			c.closeHandshake(op)
			return
		}
		m, ok := c.dequeue()
		if !ok {
			select {
			case <-c.wake:
				continue
			case <-c.done:
				return
			}
		}
		more := c.process(m)
		c.releaseToken()
		if !more {
			return
		}
	}
}

// process handles one dequeued entry and reports whether the writer should
// go on.
func (c *conn) process(m outMsg) bool {
	if !c.stalls.wait(c.done, c.closeRequested) {
		return false
	}
	if c.closeRequested() {
		return true // dropped, as on a real closing socket; the loop sends the close
	}
	if m.ctl == nil {
		return c.write(m.typ, m.data)
	}
	switch m.ctl.kind {
	case ctlFlood:
		return c.flood(m.ctl.flood)
	case ctlStall:
		c.stalls.set(m.ctl.stall)
		close(m.ctl.ack)
		return true
	case ctlClose:
		c.closeHandshake(m.ctl)
		return false
	case ctlKill:
		c.kill()
		return false
	}
	return true
}

func (c *conn) write(typ websocket.MessageType, data []byte) bool {
	// A background context keeps coder/websocket from arming a timer per
	// write; kills unblock writes by closing the raw socket instead.
	if err := c.ws.Write(context.Background(), typ, data); err != nil {
		c.s.logf("conn %d: write failed: %v", c.id, err)
		return false
	}
	c.sent.Add(1)
	c.s.totalSent.Add(1)
	return true
}

func (c *conn) flood(spec floodSpec) bool {
	b := newFloodBuilder(spec)
	typ := b.messageType()
	for seq := int64(1); seq <= spec.count; seq++ {
		if !c.stalls.wait(c.done, c.closeRequested) {
			return false
		}
		if c.closeRequested() {
			return true // abandon the flood; the loop will send the close
		}
		if !c.write(typ, b.message(seq)) {
			return false
		}
	}
	return true
}

func (c *conn) closeHandshake(op *ctlOp) {
	c.s.logf("conn %d: closing with %d %q", c.id, op.code, op.reason)
	// Close blocks until the peer answers (or 5 s pass); a kill in the
	// meantime closes the raw socket, which makes it return at once.
	_ = c.ws.Close(op.code, op.reason)
}
