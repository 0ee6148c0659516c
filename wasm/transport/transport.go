// Package transport is the seam between the connection manager and the
// wire. The manager sees only Dialer and Conn; this package implements them
// with github.com/coder/websocket, which uses net/http natively and the
// browser's WebSocket under GOOS=js. Tests of the manager may plug in a
// different Dialer, and say so.
package transport

import (
	"context"
	"errors"
	"strconv"
)

// Message is one WebSocket data message.
type Message struct {
	Binary bool
	Data   []byte
}

// ErrRefused reports a URL the platform refuses to open at all (a browser
// throws for a bad URL or a blocked port): retrying cannot help.
var ErrRefused = errors.New("the platform refused to open this URL")

// DialOptions are the per-connection settings a Dialer honours.
type DialOptions struct {
	Protocols []string // subprotocols to offer
	ReadLimit int64    // largest inbound message accepted, in bytes
}

// Dialer opens connections. Dial must return when ctx is done, and must
// then leave no socket behind, open or opening.
type Dialer interface {
	Dial(ctx context.Context, url string, opts DialOptions) (Conn, error)
}

// Conn is one open connection. Read is called from one goroutine only;
// Write, Close and Abort may be called from any goroutine, at any time,
// more than once.
type Conn interface {
	// Read blocks until a message arrives or the connection ends; then it
	// returns a *CloseError saying how.
	Read() (Message, error)
	// Write sends one message.
	Write(Message) error
	// Close starts the closing handshake with code (1000 or 3000–4999;
	// others are sent as 1000, the only codes a browser accepts) and
	// returns once it is done or given up on.
	Close(code int, reason string)
	// Abort ends the connection without waiting for the peer.
	Abort()
}

// BatchWriter is a Conn that sends many messages in one step. In the
// browser each Write is a crossing from Go into JavaScript, and each call
// from JavaScript into Go runs every ready goroutine before it returns, so
// a loop of sends would write one message per send, synchronously; the
// batching connection instead lets a burst gather and sends it at once.
type BatchWriter interface {
	Conn
	// Gather blocks until the JavaScript task that is running ends, so that
	// the messages it sends are all queued before the writer takes them,
	// or until flush receives (the queue is filling up).
	Gather(flush <-chan struct{})
	// WriteBatch sends msgs in order and returns how many went out: all of
	// them, or fewer with the error that stopped it (the socket closed).
	WriteBatch(msgs []Message) (int, error)
}

// CloseError says how a connection ended. Code 1006 (abnormal closure)
// means no close frame was received: the network failed or the peer was
// killed.
type CloseError struct {
	Code     int
	Reason   string
	WasClean bool
}

// Close codes the transport itself uses or reports.
const (
	CodeNormal   = 1000
	CodeAbnormal = 1006
	// CodeAborted is what this library sends when it gives up on a
	// connection (a missed heartbeat): in the range RFC 6455 leaves to
	// libraries, and one that browsers accept.
	CodeAborted = 3000
)

func (e *CloseError) Error() string {
	s := "connection closed with code " + strconv.Itoa(e.Code)
	if e.Reason != "" {
		s += " (" + e.Reason + ")"
	}
	return s
}

// SendableCode returns code if a browser's WebSocket.close accepts it, and
// 1000 otherwise. Browsers throw on any other code and leave the socket
// open, which is how coder/websocket leaks sockets under wasm.
func SendableCode(code int) int {
	if code == CodeNormal || (code >= 3000 && code <= 4999) {
		return code
	}
	return CodeNormal
}

// truncReason cuts a close reason to the protocol's 123-byte limit without
// splitting a UTF-8 sequence; a longer one makes browsers throw.
func truncReason(s string) string {
	if len(s) <= 123 {
		return s
	}
	i := 123
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i]
}
