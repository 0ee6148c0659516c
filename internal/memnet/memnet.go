// Package memnet is an in-memory network for tests that run the real test
// server and the real transport inside a testing/synctest bubble: a TCP
// socket blocks in the kernel, which synctest cannot see, while net.Pipe
// blocks on channels, which it can, so fake time advances exactly when
// every goroutine waits. Nothing else is faked: HTTP, the WebSocket
// handshake and framing all run for real over the pipe.
package memnet

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// Network connects dialers to one listener.
type Network struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// New returns a network with no connections.
func New() *Network {
	return &Network{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept implements net.Listener.
func (n *Network) Accept() (net.Conn, error) {
	select {
	case c := <-n.conns:
		return c, nil
	case <-n.done:
		return nil, net.ErrClosed
	}
}

// Close implements net.Listener: later dials fail as refused.
func (n *Network) Close() error {
	n.once.Do(func() { close(n.done) })
	return nil
}

// Addr implements net.Listener.
func (n *Network) Addr() net.Addr { return addr{} }

// DialContext opens a connection to the listener.
func (n *Network) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case n.conns <- server:
		return client, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-n.done:
		return nil, &net.OpError{Op: "dial", Net: "memnet", Err: net.ErrClosed}
	}
}

// Client returns an HTTP client that dials this network. Keep-alives are
// off so that no idle connection outlives a test's bubble.
func (n *Network) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: n.DialContext, DisableKeepAlives: true}}
}

type addr struct{}

func (addr) Network() string { return "memnet" }
func (addr) String() string  { return "memnet" }
