//go:build js && wasm

package bridge

import (
	"math"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmsocket/wasmsocket/wasm/backoff"
	"github.com/wasmsocket/wasmsocket/wasm/manager"
	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/wire"
)

// The operations of the API function. js/src/loader.ts mirrors these
// numbers. One function with an operation code, rather than an object of
// sixteen functions, because every Go function compiled to wasm costs
// kilobytes of download.
const (
	opSetEmitter = iota
	opCreate
	opSetOnline
	opResume
	opBackoffDelay
	opShouldRetry
	// Operations on one connection: args[1] is its id.
	opConnect
	opDisconnect
	opDispose
	opSend
	opQueued
	opClearQueue
	opHistory
	opClearHistory
	opSnapshot
	opSetQueueOptions
)

// api builds the function JavaScript calls: api(op, ...args). Results are
// plain values, and failures {code, message}.
func (b *Bridge) api() (safejs.Value, error) {
	fn, err := safejs.FuncOf(b.call)
	if err != nil {
		return safejs.Value{}, err
	}
	b.fn = fn // lives as long as the page: never released
	return fn.Value(), nil
}

func (b *Bridge) call(_ safejs.Value, args []safejs.Value) (result any) {
	defer recoverTo(func(msg string) {
		result = errValue(errInternal, "internal error in wasmsocket (please report it): "+msg)
	})
	op, _ := arg(args, 0).Int()
	args = args[min(1, len(args)):]
	switch op {
	case opSetEmitter:
		return b.setEmitter(args)
	case opCreate:
		return b.create(args)
	case opSetOnline:
		return b.setOnline(args)
	case opResume:
		return b.resume(args)
	case opBackoffDelay:
		return backoffDelay(args)
	case opShouldRetry:
		return shouldRetry(args)
	}
	c := b.lookup(arg(args, 0))
	if c == nil {
		return errValue("ERR_DISPOSED", "this connection was disposed")
	}
	if op == opDispose {
		return b.dispose(c)
	}
	args = args[1:]
	switch op {
	case opConnect:
		c.m.Start()
	case opDisconnect:
		c.m.Disconnect()
	case opSend:
		return send(c, args)
	case opQueued:
		return queued(c)
	case opClearQueue:
		return c.m.ClearQueue()
	case opHistory:
		return history(c)
	case opClearHistory:
		c.m.ClearHistory()
	case opSnapshot:
		return snapshot(c)
	case opSetQueueOptions:
		return setQueueOptions(c, args)
	default:
		return errValue(errInternal, "unknown operation")
	}
	return nil
}

// setEmitter(fn): fn(buffer: Uint8Array, length: number) receives batches.
func (b *Bridge) setEmitter(args []safejs.Value) any {
	b.emitMu.Lock()
	defer b.emitMu.Unlock()
	b.emit = arg(args, 0)
	return nil
}

// create(url, options, shouldReconnect?) -> id | {code, message}
func (b *Bridge) create(args []safejs.Value) any {
	url, err := arg(args, 0).String()
	if err != nil || arg(args, 0).Type() != safejs.TypeString {
		return errValue("ERR_INVALID_URL", "the URL must be a string")
	}
	opts, err := managerOptions(arg(args, 1))
	if err != nil {
		return errOf(err)
	}
	c := &conn{}
	if pred := arg(args, 2); pred.Type() == safejs.TypeFunction {
		opts.Reconnect.ShouldReconnect = func(ci manager.CloseInfo) bool {
			r, err := pred.Invoke(map[string]any{"code": ci.Code, "reason": ci.Reason, "wasClean": ci.WasClean})
			if err != nil { // the predicate threw: fall back to the policy
				logError("wasmsocket: shouldReconnect threw, using the default policy: " + err.Error())
				return manager.DefaultShouldReconnect(ci)
			}
			ok, _ := r.Truthy()
			return ok
		}
	}
	opts.OnEvents = func(batch []manager.Event) { b.onEvents(c, batch) }
	m, err := manager.New(url, opts)
	if err != nil {
		return errOf(err)
	}
	b.mu.Lock()
	b.next++
	c.id, c.m = b.next, m
	b.conns[c.id] = c
	b.mu.Unlock()
	return c.id
}

func (b *Bridge) lookup(v safejs.Value) *conn {
	id, err := v.Int()
	if err != nil || id <= 0 {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.conns[uint32(id)]
}

// dispose(id) closes the connection and frees everything it held. It
// returns at once; the manager's goroutines finish in the background.
func (b *Bridge) dispose(c *conn) any {
	b.mu.Lock()
	delete(b.conns, c.id)
	b.mu.Unlock()
	c.stopTrailing()
	go func() {
		defer recoverTo(func(msg string) { logError("wasmsocket: dispose failed: " + msg) })
		c.m.Close()
	}()
	return nil
}

// send(id, data, priority, ttlMs) -> undefined | {code, message}
func send(c *conn, args []safejs.Value) any {
	data, binary, ok := bytesOf(arg(args, 0))
	if !ok {
		return errValue("ERR_ENCODE", "a message must be a string or a Uint8Array once encoded")
	}
	o := manager.SendOptions{Binary: binary}
	if p, err := arg(args, 1).Int(); err == nil && p >= int(queue.Low) && p <= int(queue.High) {
		o.Priority = queue.Priority(p)
	}
	if ttl, err := arg(args, 2).Float(); err == nil && ttl > 0 && !math.IsInf(ttl, 0) {
		o.TTL = time.Duration(ttl * float64(time.Millisecond))
	}
	if err := c.m.Send(data, o); err != nil {
		return errOf(err)
	}
	return nil
}

// queued(id) -> [{seq, data, binary, priority}]
func queued(c *conn) any {
	items := c.m.Queued()
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = map[string]any{"seq": it.Seq, "data": bytesValue(it.Data, it.Binary), "binary": it.Binary, "priority": it.Priority.String()}
	}
	return out
}

// history(id) -> [{data, binary}]
func history(c *conn) any {
	msgs := c.m.History()
	out := make([]any, len(msgs))
	for i, m := range msgs {
		out[i] = map[string]any{"data": bytesValue(m.Data, m.Binary), "binary": m.Binary}
	}
	return out
}

// snapshot(id) -> the snapshot record's JSON text, fresh
func snapshot(c *conn) any {
	var e wire.Encoder
	e.Snapshot(c.id, c.m.Snapshot())
	return string(e.Bytes()[wire.HeaderSize:])
}

// setQueueOptions(id, options) -> undefined | {code, message}
func setQueueOptions(c *conn, args []safejs.Value) any {
	f := &fields{v: arg(args, 0)}
	q := queueOptions(f)
	if f.err != nil {
		return errOf(f.err)
	}
	if err := c.m.SetQueueOptions(q); err != nil {
		return errOf(err)
	}
	return nil
}

// setOnline(bool) and resume() reach every connection: the page's network
// and visibility are shared.
func (b *Bridge) setOnline(args []safejs.Value) any {
	online, _ := arg(args, 0).Truthy()
	for _, c := range b.all() {
		c.m.SetOnline(online)
	}
	return nil
}

func (b *Bridge) resume([]safejs.Value) any {
	for _, c := range b.all() {
		c.m.Resume()
	}
	return nil
}

func (b *Bridge) all() []*conn {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]*conn, 0, len(b.conns))
	for _, c := range b.conns {
		out = append(out, c)
	}
	return out
}

// backoffDelay(options, attempt, previousMs, random) -> ms | {code, message}
// is the spec's ReconnectLogic.getNextDelay, computed by the same code the
// managers use.
func backoffDelay(args []safejs.Value) any {
	f := &fields{v: arg(args, 0)}
	p := backoffPolicy(f, "initialDelay", "maxDelay")
	if f.err != nil {
		return errOf(f.err)
	}
	p, err := p.Normalize()
	if err != nil {
		return errOf(optionError(err.Error()))
	}
	attempt, _ := arg(args, 1).Int()
	prev, _ := arg(args, 2).Float()
	r, _ := arg(args, 3).Float()
	return ms(p.Delay(attempt, time.Duration(prev*float64(time.Millisecond)), r))
}

// shouldRetry(attempts, max) -> bool, max Infinity or negative: unlimited
func shouldRetry(args []safejs.Value) any {
	attempts, _ := arg(args, 0).Float()
	limit, _ := arg(args, 1).Float()
	if math.IsInf(limit, 1) {
		limit = -1
	}
	return backoff.ShouldRetry(int(attempts), int(limit))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
