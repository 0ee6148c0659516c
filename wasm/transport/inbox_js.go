//go:build js && wasm

package transport

import (
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
	obj     safejs.Value // {take(), buf, close(), facade}
	facade  safejs.Value // what coder/websocket gets instead of the socket
	take    safejs.Value
	wake    safejs.Func
	signal  chan struct{} // a batch is waiting
	pending []Message
	next    int
	closed  bool
}

// newInbox installs an inbox on ws if the page provides the factory.
func newInbox(ws safejs.Value) *inbox {
	factory, err := safejs.Global().Get("wasmsocketInbox")
	if err != nil || factory.Type() != safejs.TypeFunction {
		return nil
	}
	in := &inbox{signal: make(chan struct{}, 1)}
	in.wake, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		select {
		case in.signal <- struct{}{}:
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
