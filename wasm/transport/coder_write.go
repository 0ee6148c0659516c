package transport

import (
	"context"

	"github.com/coder/websocket"
)

// coderWrite sends m through coder/websocket, natively and under wasm alike.
func coderWrite(c *websocket.Conn, m Message) error {
	typ := websocket.MessageText
	if m.Binary {
		typ = websocket.MessageBinary
	}
	return c.Write(context.Background(), typ, m.Data)
}
