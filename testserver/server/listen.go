package server

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Running is a Server bound to a real TCP listener, the form tests and the
// testserver command use.
type Running struct {
	*Server
	// URL is the HTTP base, e.g. "http://127.0.0.1:41234", for the control
	// API and static files.
	URL string
	// WSURL is the WebSocket base, e.g. "ws://127.0.0.1:41234"; append
	// "/ws/echo", "/ws/broadcast" or "/ws/sink".
	WSURL string

	hs        *http.Server
	served    chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// Listen starts a Server on addr (e.g. "127.0.0.1:0" for a free port) in
// its own http.Server, so callers get a live endpoint in one call.
func Listen(addr string, opts Options) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := New(opts)
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(logfWriter{s}, "http: ", 0),
	}
	r := &Running{
		Server: s,
		URL:    "http://" + dialableAddr(ln.Addr()),
		WSURL:  "ws://" + dialableAddr(ln.Addr()),
		hs:     hs,
		served: make(chan struct{}),
	}
	go func() {
		defer close(r.served)
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logf("serve: %v", err)
		}
	}()
	return r, nil
}

// Close stops accepting, kills every WebSocket connection, drains the
// remaining HTTP requests and returns once no goroutine of the server is
// left. It is idempotent.
func (r *Running) Close() error {
	r.closeOnce.Do(func() {
		// Kill WebSockets first: handlers parked in a handshake delay would
		// otherwise hold Shutdown for the whole delay.
		r.Server.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := r.hs.Shutdown(ctx); err != nil {
			r.closeErr = r.hs.Close()
		}
		<-r.served
	})
	return r.closeErr
}

// dialableAddr turns a wildcard listen address into one a client can dial,
// so ":8080" prints a usable URL.
func dialableAddr(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := ta.IP.String()
	if ta.IP == nil || ta.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(ta.Port))
}

// logfWriter routes net/http's own error log through Options.Logf, keeping
// the server silent by default.
type logfWriter struct{ s *Server }

// Write forwards one log line, minus its newline.
func (w logfWriter) Write(p []byte) (int, error) {
	w.s.logf("%s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
