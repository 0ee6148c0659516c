//go:build js && wasm

package transport

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"
	"github.com/hack-pad/safejs"
)

// Coder dials with github.com/coder/websocket, which wraps the browser's
// WebSocket under GOOS=js, and works around what that wrapper gets wrong:
//
//   - Its own closes use codes browsers refuse (1001, 1008, 1009, 1011): the
//     browser throws and the socket stays open. So this transport never lets
//     it close anything; it closes the JavaScript socket itself with 1000 or
//     3000–4999.
//   - A cancelled dial context makes it close with 1008, leaking the socket
//     being opened. So Dial gives it a context that is never cancelled and
//     aborts the opening socket itself when the caller's context ends.
//   - Read reports net.ErrClosed and loses the close code and reason, which
//     the reconnect policy needs. So this transport listens for the close
//     event itself.
//
// For the last two it needs the JavaScript socket, which coder/websocket
// keeps private. It builds the socket itself and hands it to
// websocket.Dial through a one-shot stand-in for the global WebSocket
// constructor (see adopt).
type Coder struct{}

// Dial implements Dialer.
func (Coder) Dial(ctx context.Context, url string, opts DialOptions) (Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	url = strings.Replace(url, "http://", "ws://", 1)
	url = strings.Replace(url, "https://", "wss://", 1)
	j := &jsConn{}
	j.opening.Store(true)
	if err := j.open(url, opts.Protocols); err != nil {
		return nil, err
	}
	sock := j.ws
	if j.in != nil {
		sock = j.in.facade // coder/websocket must not attach its per-message listener
	}
	restore, err := adopt(sock)
	if err != nil {
		j.abort(CodeNormal, "")
		return nil, err
	}
	// A goroutine rather than context.AfterFunc: the context package's
	// machinery costs the wasm tens of kilobytes.
	dialed := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			j.abort(CodeNormal, "connect timeout")
		case <-dialed:
		}
	}()
	defer j.opening.Store(false)
	c, _, err := websocket.Dial(context.Background(), url, &websocket.DialOptions{Subprotocols: opts.Protocols})
	close(dialed)
	restore()
	aborted := ctx.Err() != nil
	if err != nil {
		if aborted {
			return nil, ctx.Err()
		}
		return nil, j.closeError()
	}
	if aborted {
		j.abort(CodeNormal, "connect timeout")
		return nil, ctx.Err()
	}
	j.c = c
	j.opening.Store(false)
	if opts.ReadLimit > 0 {
		c.SetReadLimit(opts.ReadLimit)
		j.limit = opts.ReadLimit
	}
	if j.in != nil {
		return batchConn{j}, nil
	}
	return j, nil
}

// batchConn is a jsConn whose page has the client's inbox: it also sends
// in batches, through the inbox's send (see BatchWriter).
type batchConn struct{ *jsConn }

func (b batchConn) Gather(flush <-chan struct{}) { b.in.gather(flush, b.closedCh) }

func (b batchConn) WriteBatch(msgs []Message) (int, error) { return b.in.write(msgs) }

// refused is a constructor's exception that matches ErrRefused.
type refused struct{ err error }

func (e *refused) Error() string   { return ErrRefused.Error() + ": " + e.err.Error() }
func (e *refused) Is(t error) bool { return t == ErrRefused }

// adopt makes the next `new WebSocket(...)` return ws, then puts the real
// constructor back before anything else can run. websocket.Dial builds its
// socket synchronously from the global constructor before it first blocks,
// and Go under wasm only switches goroutines where one blocks, so nothing
// but that call can meet the stand-in; restore covers a Dial that fails
// before constructing.
func adopt(ws safejs.Value) (restore func(), err error) {
	global := safejs.Global()
	orig, err := global.Get("WebSocket")
	if err != nil {
		return nil, err
	}
	var fn safejs.Func
	var once sync.Once
	restore = func() {
		once.Do(func() {
			global.Set("WebSocket", orig)
			fn.Release()
		})
	}
	fn, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		global.Set("WebSocket", orig)
		return ws
	})
	if err != nil {
		return nil, err
	}
	if err := global.Set("WebSocket", fn.Value()); err != nil {
		restore()
		return nil, err
	}
	return restore, nil
}

// jsConn is one browser socket, driven through coder/websocket for data and
// directly for closing.
type jsConn struct {
	ws safejs.Value
	c  *websocket.Conn

	opening  atomic.Bool   // until Dial returns
	in       *inbox        // nil: coder/websocket's own Read
	closedCh chan struct{} // closed by the close event
	limit    int64

	mu        sync.Mutex
	closed    *CloseError // set by the close event
	listeners map[string]safejs.Func
}

// open builds the socket and listens for how it ends.
func (j *jsConn) open(url string, protocols []string) error {
	ctor, err := safejs.Global().Get("WebSocket")
	if err != nil || ctor.IsUndefined() {
		return errors.New("this JavaScript environment has no WebSocket")
	}
	ps := make([]any, len(protocols))
	for i, p := range protocols {
		ps[i] = p
	}
	j.ws, err = ctor.New(url, ps)
	if err != nil { // a SyntaxError or SecurityError: bad URL, blocked port
		return &refused{err}
	}
	onClose, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		j.onClose(args)
		return nil
	})
	if err != nil {
		return err
	}
	// Node 20's built-in WebSocket fires only "error" when a handshake fails;
	// treat that as the end of an attempt too, or the dial would wait for a
	// close that never comes.
	onError, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		j.failOpening()
		return nil
	})
	if err != nil {
		onClose.Release()
		return err
	}
	j.listeners = map[string]safejs.Func{"close": onClose, "error": onError}
	for ev, l := range j.listeners {
		j.ws.Call("addEventListener", ev, l.Value())
	}
	j.closedCh = make(chan struct{})
	j.in = newInbox(j.ws) // before coder/websocket listens, so it goes first
	return nil
}

func (j *jsConn) onClose(args []safejs.Value) {
	ce := &CloseError{Code: CodeAbnormal}
	if len(args) > 0 {
		if v, err := args[0].Get("code"); err == nil && v.Type() == safejs.TypeNumber {
			ce.Code, _ = v.Int()
		}
		if v, err := args[0].Get("reason"); err == nil && v.Type() == safejs.TypeString {
			ce.Reason, _ = v.String()
		}
		if v, err := args[0].Get("wasClean"); err == nil {
			ce.WasClean, _ = v.Truthy()
		}
	}
	j.mu.Lock()
	first := j.closed == nil
	if first {
		j.closed = ce
	}
	ls := j.listeners
	j.listeners = nil
	j.mu.Unlock()
	if first {
		if j.in != nil {
			j.in.stop()
		}
		close(j.closedCh)
	}
	for ev, l := range ls {
		j.ws.Call("removeEventListener", ev, l.Value())
		l.Release()
	}
}

// failOpening ends a handshake that failed or was cancelled by dispatching
// a close event, so that coder/websocket's Dial returns: Node 20's built-in
// WebSocket fires none after a failed or cancelled handshake. Where the
// real close event follows (browsers), it finds the attempt already over.
//
// The event is dispatched from a JavaScript task, not now: an abort can run
// while websocket.Dial is still inside the socket constructor (Go runs other
// goroutines while a callback returns to JavaScript), before coder/websocket
// has added its listeners; by the next task it has.
func (j *jsConn) failOpening() {
	j.mu.Lock()
	done := j.closed != nil
	j.mu.Unlock()
	if done || !j.opening.Load() {
		return
	}
	global := safejs.Global()
	ctor, err := global.Get("Event")
	if err != nil {
		return
	}
	ev, err := ctor.New("close")
	if err != nil {
		return
	}
	ev.Set("code", CodeAbnormal)
	ev.Set("reason", "connection failed")
	ev.Set("wasClean", false)
	dispatch, err := j.ws.Get("dispatchEvent")
	if err != nil {
		return
	}
	bound, err := dispatch.Call("bind", j.ws, ev)
	if err != nil {
		return
	}
	if setTimeout, err := global.Get("setTimeout"); err == nil {
		setTimeout.Invoke(bound, 0)
	}
}

// abort closes the JavaScript socket directly: during the handshake this
// cancels it, afterwards it starts the closing handshake. It never throws
// for lack of a valid code, unlike coder/websocket's own closes.
func (j *jsConn) abort(code int, reason string) {
	j.ws.Call("close", SendableCode(code), truncReason(reason))
	j.failOpening()
}

func (j *jsConn) closeError() *CloseError {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed != nil {
		return j.closed
	}
	return &CloseError{Code: CodeAbnormal}
}

func (j *jsConn) Read() (Message, error) {
	if j.in == nil {
		return j.readCoder()
	}
	for {
		if m, ok := j.in.pop(); ok {
			if j.limit > 0 && int64(len(m.Data)) > j.limit {
				return Message{}, j.tooBig()
			}
			return m, nil
		}
		if j.in.fill() {
			continue
		}
		select {
		case <-j.in.signal:
		case <-j.closedCh:
			if j.in.fill() { // what arrived before the close comes first
				continue
			}
			return Message{}, j.closeError()
		}
	}
}

// tooBig closes for a message over the read limit (with 4009: a browser
// refuses to send 1009) and reports it as 1009.
func (j *jsConn) tooBig() error {
	j.abort(4009, "message too big")
	return &CloseError{Code: 1009, Reason: "message larger than the read limit"}
}

func (j *jsConn) readCoder() (Message, error) {
	typ, p, err := j.c.Read(context.Background())
	if err != nil {
		if errors.Is(err, websocket.ErrMessageTooBig) {
			// coder/websocket tried to close with 1009, which the browser
			// refused.
			return Message{}, j.tooBig()
		}
		return Message{}, j.closeError()
	}
	return Message{Binary: typ == websocket.MessageBinary, Data: p}, nil
}

func (j *jsConn) Write(m Message) error {
	return coderWrite(j.c, m)
}

// Close starts the closing handshake and returns at once: the browser
// finishes it, and the close event ends Read.
func (j *jsConn) Close(code int, reason string) { j.abort(code, reason) }

// Abort is Close with a code that says the client gave up: a browser has no
// way to drop a connection without the closing handshake.
func (j *jsConn) Abort() { j.abort(CodeAborted, "aborted") }
