//go:build !js

package transport

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"

	"github.com/coder/websocket"
)

// Coder dials with github.com/coder/websocket over net/http.
type Coder struct {
	// HTTPClient carries the handshake; nil means http.DefaultClient.
	// Tests use it to run the real server over an in-memory network.
	HTTPClient *http.Client
	// Header is sent with the handshake (cookies, authorization).
	Header http.Header
}

// Dial implements Dialer.
func (d Coder) Dial(ctx context.Context, url string, opts DialOptions) (Conn, error) {
	c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{
		HTTPClient:   d.HTTPClient,
		HTTPHeader:   d.Header,
		Subprotocols: opts.Protocols,
	})
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	if opts.ReadLimit > 0 {
		c.SetReadLimit(opts.ReadLimit)
	}
	return &nativeConn{c: c}, nil
}

type nativeConn struct {
	c    *websocket.Conn
	sent atomic.Pointer[CloseError] // the close this side started, if any
}

func (n *nativeConn) Read() (Message, error) {
	typ, p, err := n.c.Read(context.Background())
	if err != nil {
		// After a local Close, coder/websocket reports a closed network
		// connection; report the close as a browser would.
		if ce := n.sent.Load(); ce != nil {
			return Message{}, ce
		}
		return Message{}, closeErrorOf(err)
	}
	return Message{Binary: typ == websocket.MessageBinary, Data: p}, nil
}

func (n *nativeConn) Write(m Message) error {
	return coderWrite(n.c, m)
}

func (n *nativeConn) Close(code int, reason string) {
	code, reason = SendableCode(code), truncReason(reason)
	n.sent.CompareAndSwap(nil, &CloseError{Code: code, Reason: reason, WasClean: true})
	n.c.Close(websocket.StatusCode(code), reason)
}

func (n *nativeConn) Abort() { n.c.CloseNow() }

// closeErrorOf keeps the code and reason of a close frame; anything else
// ended the connection without one.
func closeErrorOf(err error) *CloseError {
	if errors.Is(err, websocket.ErrMessageTooBig) {
		return &CloseError{Code: 1009, Reason: "message larger than the read limit"}
	}
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return &CloseError{Code: int(ce.Code), Reason: ce.Reason, WasClean: true}
	}
	return &CloseError{Code: CodeAbnormal, Reason: err.Error()}
}
