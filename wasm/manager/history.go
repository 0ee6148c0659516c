package manager

import "github.com/wasmsocket/wasmsocket/wasm/transport"

// history keeps the last n received messages in a ring, so a UI can show
// recent messages without the application keeping its own unbounded list.
type history struct {
	buf  []transport.Message
	next int
	full bool
}

func newHistory(n int) history {
	if n <= 0 {
		return history{}
	}
	return history{buf: make([]transport.Message, n)}
}

func (h *history) add(m transport.Message) {
	if len(h.buf) == 0 {
		return
	}
	// A copy: a received message shares its batch's buffer, which a kept
	// message would otherwise hold in memory whole.
	m.Data = append([]byte(nil), m.Data...)
	h.buf[h.next] = m
	h.next++
	if h.next == len(h.buf) {
		h.next, h.full = 0, true
	}
}

// list returns the kept messages, oldest first.
func (h *history) list() []transport.Message {
	if !h.full {
		return append([]transport.Message(nil), h.buf[:h.next]...)
	}
	return append(append([]transport.Message(nil), h.buf[h.next:]...), h.buf[:h.next]...)
}

func (h *history) clear() {
	clear(h.buf)
	h.next, h.full = 0, false
}
