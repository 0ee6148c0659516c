// Package wire encodes what the connection managers report into the byte
// batches the JavaScript client decodes (js/src/wire.ts): one copy and one
// call across the wasm boundary per batch instead of several per event.
//
// A batch is a sequence of records, little-endian:
//
//	kind u8 | connection u32 | length u32 | payload
//
// Kind 1 is a text message and kind 2 a binary message, the payload being
// the message itself; kind 3 is any other event or a snapshot, the payload
// being a JSON object with a "type" field. Messages, the hot path, are never
// JSON-encoded: the text goes through as the UTF-8 bytes it arrived as.
package wire

import (
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/manager"
	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// Record kinds.
const (
	KindText   = 1
	KindBinary = 2
	KindJSON   = 3
)

// HeaderSize is the size of a record's header.
const HeaderSize = 9

// Encoder builds one batch. The zero value is ready to use.
type Encoder struct {
	buf []byte
	obj object
}

// Reset empties the batch, keeping its memory.
func (e *Encoder) Reset() { e.buf = e.buf[:0] }

// Bytes returns the batch; valid until the next change.
func (e *Encoder) Bytes() []byte { return e.buf }

// Len is the batch's size in bytes.
func (e *Encoder) Len() int { return len(e.buf) }

func (e *Encoder) header(kind byte, conn uint32, n int) {
	e.buf = append(e.buf, kind,
		byte(conn), byte(conn>>8), byte(conn>>16), byte(conn>>24),
		byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
}

// Message appends a received message.
func (e *Encoder) Message(conn uint32, m transport.Message) {
	kind := byte(KindText)
	if m.Binary {
		kind = KindBinary
	}
	e.header(kind, conn, len(m.Data))
	e.buf = append(e.buf, m.Data...)
}

// json appends a JSON record whose object f writes.
//
//go:noinline
func (e *Encoder) json(conn uint32, f func(o *object)) {
	start := len(e.buf)
	e.header(KindJSON, conn, 0)
	e.obj.open(e.buf)
	f(&e.obj)
	e.buf = e.obj.close()
	n := len(e.buf) - start - HeaderSize
	e.buf[start+5], e.buf[start+6], e.buf[start+7], e.buf[start+8] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
}

// Event appends any event; messages take the fast path of Message.
func (e *Encoder) Event(conn uint32, ev *manager.Event) {
	if ev.Kind == manager.EventMessage {
		e.Message(conn, ev.Message)
		return
	}
	e.json(conn, func(o *object) {
		o.str("type", ev.Kind.String())
		switch ev.Kind {
		case manager.EventState:
			o.str("state", ev.State.String())
		case manager.EventClose:
			closeInfo(o, ev.Close)
			o.bool("willReconnect", ev.Close.WillReconnect)
		case manager.EventReconnecting:
			o.int("attempt", int64(ev.Attempt))
			o.float("delay", ms(ev.Delay))
		case manager.EventError:
			errorFields(o, ev.Err)
		case manager.EventDrop:
			o.str("reason", ev.Drop.String())
			item(o, ev.Dropped)
		case manager.EventQueue:
			o.int("size", int64(ev.QueueLen))
			o.int("bytes", int64(ev.QueueBytes))
		case manager.EventNetwork:
			o.bool("online", ev.Online)
		}
	})
}

// Snapshot appends the state a status display reads.
//
//go:noinline
func (e *Encoder) Snapshot(conn uint32, s manager.Snapshot) {
	e.json(conn, func(o *object) {
		o.str("type", "snapshot")
		o.str("state", s.State.String())
		o.int("attempt", int64(s.Attempt))
		if s.NextRetryAt.IsZero() {
			o.null("nextRetryAt")
		} else {
			o.int("nextRetryAt", s.NextRetryAt.UnixMilli())
		}
		if s.LastError == nil {
			o.null("lastError")
		} else {
			var sub object
			sub.open(nil)
			errorFields(&sub, s.LastError)
			o.raw("lastError", sub.close())
		}
		if s.LastClose.Code == 0 {
			o.null("lastClose")
		} else {
			var sub object
			sub.open(nil)
			closeInfo(&sub, s.LastClose)
			o.raw("lastClose", sub.close())
		}
		o.int("queueSize", int64(s.QueueLen))
		o.int("queueBytes", int64(s.QueueBytes))
		o.bool("online", !s.Offline)
		var mt object
		mt.open(nil)
		m := s.Metrics
		mt.int("messagesIn", int64(m.MessagesIn))
		mt.int("messagesOut", int64(m.MessagesOut))
		mt.int("bytesIn", int64(m.BytesIn))
		mt.int("bytesOut", int64(m.BytesOut))
		mt.int("connects", int64(m.Connects))
		mt.int("reconnects", int64(m.Reconnects))
		mt.int("dropped", int64(m.Dropped))
		mt.int("queueHighWater", int64(m.QueueHighWater))
		mt.int("heartbeats", int64(m.Heartbeats))
		if m.Heartbeats == 0 {
			mt.null("heartbeatRtt")
		} else {
			mt.float("heartbeatRtt", ms(m.HeartbeatRTT))
		}
		o.raw("metrics", mt.close())
	})
}

func closeInfo(o *object, c manager.CloseInfo) {
	o.int("code", int64(c.Code))
	o.str("reason", c.Reason)
	o.bool("wasClean", c.WasClean)
}

func errorFields(o *object, err error) {
	o.str("code", manager.ErrorCode(err))
	o.str("message", err.Error())
}

func item(o *object, it queue.Item) {
	o.int("seq", int64(it.Seq))
	o.str("priority", it.Priority.String())
	o.bool("binary", it.Binary)
	o.int("size", int64(len(it.Data)))
	if !it.Binary { // binary payloads are named by seq and size only
		o.str("data", string(it.Data))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
