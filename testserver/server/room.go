package server

import (
	"sync"

	"github.com/coder/websocket"
)

// room is a broadcast group. Its own mutex, held for the whole fan-out,
// gives every member the same message order even with concurrent senders.
type room struct {
	name    string
	mu      sync.Mutex
	members map[*conn]struct{}
}

func (rm *room) broadcast(typ websocket.MessageType, data []byte) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	for m := range rm.members {
		m.send(typ, data)
	}
}
