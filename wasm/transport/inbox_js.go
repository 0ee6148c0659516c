//go:build js && wasm

package transport

import (
	"errors"
	"sync/atomic"

	"github.com/hack-pad/safejs"
)

// inbox receives through the JavaScript client's batching inbox
// (js/src/inbox.ts) instead of coder/websocket's per-message callback,
// which runs Go's scheduler once per message and, measured in Chromium,
// held receiving to about a quarter of a plain WebSocket's rate. The inbox
// wakes Go once per batch and Go takes the batch in one copy. Where no
// inbox is installed (Go's own wasm tests under Node), coder/websocket's
// Read is used as it is.
type inbox struct {
	obj       safejs.Value // {take(), buf, close(), facade}
	facade    safejs.Value // what coder/websocket gets instead of the socket
	take      safejs.Value
	wake      safejs.Func
	signal    chan struct{} // a batch is waiting
	gathered  chan struct{} // the microtask queued by gather ran
	gatherSeq atomic.Int64
	pending   []Message
	next      int
	closed    bool

	// The outbound half, used by the writer goroutine only: a batch is
	// encoded into enc, copied into out and sent by the inbox's send.
	send   safejs.Value
	out    safejs.Value // a Uint8Array reused for every batch
	outCap int
	enc    []byte
}

// newInbox installs an inbox on ws if the page provides the factory.
func newInbox(ws safejs.Value) *inbox {
	factory, err := safejs.Global().Get("wasmsocketInbox")
	if err != nil || factory.Type() != safejs.TypeFunction {
		return nil
	}
	in := &inbox{signal: make(chan struct{}, 1), gathered: make(chan struct{}, 1)}
	// wake() says a batch is waiting; wake(n), that the microtask of the
	// n-th gather ran (earlier ones, ended by a flush, are stale).
	in.wake, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		c := in.signal
		if len(args) > 0 {
			if n, err := args[0].Int(); err != nil || int64(n) != in.gatherSeq.Load() {
				return nil
			}
			c = in.gathered
		}
		select {
		case c <- struct{}{}:
		default:
		}
		return nil
	})
	if err != nil {
		return nil
	}
	if in.obj, err = factory.Invoke(ws, in.wake.Value()); err == nil {
		in.take, err = in.obj.Get("take")
	}
	if err == nil {
		in.facade, err = in.obj.Get("facade")
	}
	if err == nil {
		in.send, err = in.obj.Get("send")
	}
	if err != nil {
		in.wake.Release()
		return nil
	}
	return in
}

// pop returns the next message of the batch in hand.
func (in *inbox) pop() (Message, bool) {
	if in.next >= len(in.pending) {
		return Message{}, false
	}
	m := in.pending[in.next]
	in.pending[in.next] = Message{}
	in.next++
	return m, true
}

// fill takes the waiting batch from JavaScript; false if there was none.
func (in *inbox) fill() bool {
	v, err := in.take.Invoke()
	if err != nil {
		return false
	}
	n, _ := v.Int()
	if n <= 0 {
		return false
	}
	buf, err := in.obj.Get("buf")
	if err != nil {
		return false
	}
	data := make([]byte, n) // one allocation per batch; messages share it
	if _, err := safejs.CopyBytesToGo(data, buf); err != nil {
		return false
	}
	in.pending, in.next = in.pending[:0], 0
	for len(data) >= 5 {
		size := int(data[1]) | int(data[2])<<8 | int(data[3])<<16 | int(data[4])<<24
		if size > len(data)-5 {
			break
		}
		in.pending = append(in.pending, Message{Binary: data[0] == 1, Data: data[5 : 5+size : 5+size]})
		data = data[5+size:]
	}
	return len(in.pending) > 0
}

// stop removes the listener; messages already waiting can still be taken.
func (in *inbox) stop() {
	if in.closed {
		return
	}
	in.closed = true
	in.obj.Call("close")
	in.wake.Release()
}

// errNotOpen: the socket stopped being open in the middle of a batch.
var errNotOpen = errors.New("the socket is no longer open")

// write sends msgs in one crossing: per message binary u8 | length u32 LE |
// bytes, the inbox's own format, which js/src/inbox.ts splits into
// WebSocket.send calls. It returns how many were sent; fewer than
// len(msgs) when the socket closed on the way.
func (in *inbox) write(msgs []Message) (int, error) {
	enc := in.enc[:0]
	for _, m := range msgs {
		kind := byte(0)
		if m.Binary {
			kind = 1
		}
		n := len(m.Data)
		enc = append(enc, kind, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
		enc = append(enc, m.Data...)
	}
	in.enc = enc
	if len(enc) > in.outCap {
		c := max(64<<10, in.outCap)
		for c < len(enc) {
			c *= 2
		}
		ctor, err := safejs.Global().Get("Uint8Array")
		if err != nil {
			return 0, err
		}
		buf, err := ctor.New(c)
		if err != nil {
			return 0, err
		}
		in.out, in.outCap = buf, c
	}
	if _, err := safejs.CopyBytesToJS(in.out, enc); err != nil {
		return 0, err
	}
	v, err := in.send.Invoke(in.out, len(enc))
	if err != nil {
		return 0, err
	}
	sent, err := v.Int()
	if err != nil {
		return 0, err
	}
	if sent < len(msgs) {
		return sent, errNotOpen
	}
	return sent, nil
}

// gather blocks until the running JavaScript task ends: the inbox queues a
// microtask that wakes Go, and Go goes idle (returning to JavaScript) until
// it runs, or until flush receives, or until the socket closes (a closed
// inbox no longer wakes).
func (in *inbox) gather(flush, closed <-chan struct{}) {
	select {
	case <-in.gathered: // left by a gathering that flush ended
	default:
	}
	if _, err := in.obj.Call("gather", in.gatherSeq.Add(1)); err != nil {
		return // send at once
	}
	select {
	case <-in.gathered:
	case <-flush:
	case <-closed:
	}
}
