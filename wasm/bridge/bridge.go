//go:build js && wasm

// Package bridge is the only Go code that touches JavaScript. It registers
// one API object through which js/src (the @wasmsocket/client package)
// creates and drives connection managers, and it reports everything those
// managers do through one emit callback, in byte batches (see package
// wire): one copy and one call per batch.
//
// Every JavaScript call goes through github.com/hack-pad/safejs, so a
// JavaScript exception is an error, not a panic; every exported function
// recovers, so no Go panic reaches JavaScript; and no exported function
// blocks: what waits happens in goroutines and is reported as events.
package bridge

import (
	"sync"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmsocket/wasmsocket/wasm/manager"
	"github.com/wasmsocket/wasmsocket/wasm/wire"
)

// Bridge holds the connections created from JavaScript.
type Bridge struct {
	mu    sync.Mutex // guards everything below
	conns map[uint32]*conn
	next  uint32
	fn    safejs.Func

	emitMu sync.Mutex // one batch crosses at a time
	emit   safejs.Value
	enc    wire.Encoder
	jsBuf  safejs.Value // a Uint8Array reused for every batch
	jsCap  int
}

// conn is one manager and what the bridge keeps about it.
type conn struct {
	id        uint32
	m         *manager.Manager
	predicate safejs.Func // the wrapper around options.shouldReconnect, if any
	hasPred   bool

	// Snapshots go out after any event but a message, and otherwise at
	// most every snapshotEvery while messages flow, with a trailing one
	// when they stop, so metrics stay fresh without a JSON record per
	// message.
	snapMu   sync.Mutex
	lastSnap time.Time
	trailing *time.Timer
}

const snapshotEvery = 250 * time.Millisecond

// Start registers the API object by calling the JavaScript function
// globalThis.wasmsocketReady(api), which the loader defines, and returns.
func Start() error {
	b := &Bridge{conns: map[uint32]*conn{}}
	api, err := b.api()
	if err != nil {
		return err
	}
	ready, err := safejs.Global().Get("wasmsocketReady")
	if err != nil {
		return err
	}
	_, err = ready.Invoke(api)
	return err
}

// onEvents encodes a manager's batch and hands it to JavaScript.
func (b *Bridge) onEvents(c *conn, batch []manager.Event) {
	defer recoverTo(func(msg string) { logError("wasmsocket: event delivery failed: " + msg) })
	b.emitMu.Lock()
	defer b.emitMu.Unlock()
	b.enc.Reset()
	onlyMessages := true
	for i := range batch {
		b.enc.Event(c.id, &batch[i])
		if batch[i].Kind != manager.EventMessage {
			onlyMessages = false
		}
	}
	if c.snapshotDue(onlyMessages, func() { b.flushSnapshot(c) }) {
		b.enc.Snapshot(c.id, c.m.Snapshot())
	}
	b.send()
}

// flushSnapshot sends the trailing snapshot after a run of messages.
func (b *Bridge) flushSnapshot(c *conn) {
	defer recoverTo(func(msg string) { logError("wasmsocket: snapshot delivery failed: " + msg) })
	b.emitMu.Lock()
	defer b.emitMu.Unlock()
	b.mu.Lock()
	live := b.conns[c.id] == c
	b.mu.Unlock()
	if !live {
		return
	}
	c.snapMu.Lock()
	c.lastSnap = time.Now()
	c.snapMu.Unlock()
	b.enc.Reset()
	b.enc.Snapshot(c.id, c.m.Snapshot())
	b.send()
}

// snapshotDue decides whether this batch carries a snapshot, and arms the
// trailing one when it does not.
func (c *conn) snapshotDue(onlyMessages bool, trailing func()) bool {
	c.snapMu.Lock()
	defer c.snapMu.Unlock()
	now := time.Now()
	if !onlyMessages || now.Sub(c.lastSnap) >= snapshotEvery {
		c.lastSnap = now
		if c.trailing != nil {
			c.trailing.Stop()
			c.trailing = nil
		}
		return true
	}
	if c.trailing == nil {
		c.trailing = time.AfterFunc(snapshotEvery, func() {
			c.snapMu.Lock()
			c.trailing = nil
			c.snapMu.Unlock()
			trailing()
		})
	}
	return false
}

func (c *conn) stopTrailing() {
	c.snapMu.Lock()
	defer c.snapMu.Unlock()
	if c.trailing != nil {
		c.trailing.Stop()
		c.trailing = nil
	}
}

// send copies the encoded batch into the reused Uint8Array and calls emit.
// Callers hold emitMu.
func (b *Bridge) send() {
	n := b.enc.Len()
	if n == 0 || b.emit.IsUndefined() {
		return
	}
	if n > b.jsCap {
		c := max(64<<10, b.jsCap)
		for c < n {
			c *= 2
		}
		ctor, err := safejs.Global().Get("Uint8Array")
		if err != nil {
			return
		}
		buf, err := ctor.New(c)
		if err != nil {
			return
		}
		b.jsBuf, b.jsCap = buf, c
	}
	if _, err := safejs.CopyBytesToJS(b.jsBuf, b.enc.Bytes()); err != nil {
		return
	}
	if _, err := b.emit.Invoke(b.jsBuf, n); err != nil {
		// The JavaScript side catches its listeners' exceptions; an error
		// here is a bug in the client itself.
		logError("wasmsocket: emit failed: " + err.Error())
	}
}

func logError(msg string) {
	if console, err := safejs.Global().Get("console"); err == nil {
		console.Call("error", msg)
	}
}
