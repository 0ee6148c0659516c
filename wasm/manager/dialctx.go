package manager

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// dialCtx is the context a dial runs under: cancelled when the manager
// gives up on the attempt or when the connect timeout passes. Hand-rolled
// because context.WithTimeout and its machinery cost the wasm about 25 KB.
type dialCtx struct {
	done  chan struct{}
	once  sync.Once
	mu    sync.Mutex
	err   error
	timer *time.Timer
}

func newDialCtx(timeout time.Duration) *dialCtx {
	c := &dialCtx{done: make(chan struct{})}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timer = time.AfterFunc(timeout, func() { c.cancel(context.DeadlineExceeded) })
	return c
}

func (c *dialCtx) cancel(err error) {
	c.once.Do(func() {
		c.mu.Lock()
		c.timer.Stop()
		c.err = err
		c.mu.Unlock()
		close(c.done)
	})
}

func (c *dialCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *dialCtx) Done() <-chan struct{}       { return c.done }
func (c *dialCtx) Value(any) any               { return nil }

func (c *dialCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// seconds formats a duration for a message, as "2.5 s": time.Duration's
// String costs the wasm 4 KB.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}
