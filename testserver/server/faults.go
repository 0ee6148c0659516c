package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Upper bounds for durations given in milliseconds; they only exist so an
// overflow or a typo yields a 400 instead of a server that hangs for years.
const maxFaultMS = 24 * 60 * 60 * 1000

// connFaults are the per-connection faults requested in the ws URL query.
// Counts are data-message thresholds; -1 means "not requested".
type connFaults struct {
	delay       time.Duration
	refuse      int
	killAfter   int64
	closeAfter  int64
	closeCode   websocket.StatusCode
	closeReason string
	stallAfter  int64
	stall       time.Duration // 0 = until the connection dies
}

func parseConnFaults(q url.Values) (connFaults, error) {
	f := connFaults{killAfter: -1, closeAfter: -1, stallAfter: -1}
	var err error
	if f.delay, err = msParam(q, "delay", 0); err != nil {
		return f, err
	}
	if q.Has("refuse") {
		if f.refuse, err = statusParam(q, "refuse", 0); err != nil {
			return f, err
		}
	}
	if f.killAfter, err = intParam(q, "kill_after", -1, 0, 1<<62); err != nil {
		return f, err
	}
	// A close code or reason alone asks for a close; it then happens right
	// after accept unless close_after says otherwise.
	closeDefault := int64(-1)
	if q.Has("close_code") || q.Has("close_reason") {
		closeDefault = 0
	}
	if f.closeAfter, err = intParam(q, "close_after", closeDefault, 0, 1<<62); err != nil {
		return f, err
	}
	if f.closeCode, f.closeReason, err = closeParams(q, "close_code", "close_reason"); err != nil {
		return f, err
	}
	stallDefault := int64(-1)
	if q.Has("stall_ms") {
		stallDefault = 0
	}
	if f.stallAfter, err = intParam(q, "stall_after", stallDefault, 0, 1<<62); err != nil {
		return f, err
	}
	if f.stall, err = msParam(q, "stall_ms", 0); err != nil {
		return f, err
	}
	return f, nil
}

// globalFaults are set through the control API and apply to every upgrade.
type globalFaults struct {
	mu           sync.Mutex
	downUntil    time.Time
	refuseNext   int64
	refuseStatus int
	delay        time.Duration
}

func (g *globalFaults) handshakeDelay() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.delay
}

// refusal decides, at the moment the upgrade would complete, whether it must
// be refused and with which status; it consumes one refuse-next credit.
func (g *globalFaults) refusal(now time.Time) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Before(g.downUntil) {
		return http.StatusServiceUnavailable
	}
	if g.refuseNext > 0 {
		g.refuseNext--
		return g.refuseStatus
	}
	return 0
}

func (g *globalFaults) reset() {
	g.mu.Lock()
	g.downUntil, g.refuseNext, g.refuseStatus, g.delay = time.Time{}, 0, 0, 0
	g.mu.Unlock()
}

// stallState makes both the reader and the writer of a connection freeze,
// which is what a half-open connection looks like from the client's side.
// wake is closed and replaced whenever the state changes so waiters
// re-evaluate instead of sleeping on a stale deadline.
type stallState struct {
	mu      sync.Mutex
	until   time.Time // zero: not stalled (unless forever)
	forever bool
	wake    chan struct{}
}

func newStallState() *stallState {
	return &stallState{wake: make(chan struct{})}
}

// set stalls for d from now; d == 0 stalls until the connection dies.
func (st *stallState) set(d time.Duration) {
	st.mu.Lock()
	st.forever = d == 0
	st.until = time.Now().Add(d)
	st.notifyLocked()
	st.mu.Unlock()
}

// poke wakes waiters without changing the stall, so they notice an
// overriding event such as a close request.
func (st *stallState) poke() {
	st.mu.Lock()
	st.notifyLocked()
	st.mu.Unlock()
}

func (st *stallState) notifyLocked() {
	close(st.wake)
	st.wake = make(chan struct{})
}

func (st *stallState) active() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.forever || time.Now().Before(st.until)
}

// wait blocks while stalled. It returns false if done closed first, and
// returns early (true) as soon as override reports true.
func (st *stallState) wait(done <-chan struct{}, override func() bool) bool {
	for {
		if override != nil && override() {
			return true
		}
		st.mu.Lock()
		forever, until, wake := st.forever, st.until, st.wake
		st.mu.Unlock()
		if !forever {
			d := time.Until(until)
			if d <= 0 {
				return true
			}
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-wake:
			case <-done:
				t.Stop()
				return false
			}
			t.Stop()
			continue
		}
		select {
		case <-wake:
		case <-done:
			return false
		}
	}
}

// Parameter helpers shared by the ws query and the control API. Every error
// message names the parameter so a 400 tells the caller what to fix.

func intParam(q url.Values, name string, def, lo, hi int64) (int64, error) {
	if !q.Has(name) {
		return def, nil
	}
	v, err := strconv.ParseInt(q.Get(name), 10, 64)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("%s must be an integer in [%d, %d], got %q", name, lo, hi, q.Get(name))
	}
	return v, nil
}

func msParam(q url.Values, name string, def int64) (time.Duration, error) {
	v, err := intParam(q, name, def, 0, maxFaultMS)
	return time.Duration(v) * time.Millisecond, err
}

// statusParam accepts any final HTTP status except 101, which would be a
// lie about having upgraded.
func statusParam(q url.Values, name string, def int) (int, error) {
	v, err := intParam(q, name, int64(def), 200, 599)
	if err != nil {
		return 0, fmt.Errorf("%s must be an HTTP status in [200, 599], got %q", name, q.Get(name))
	}
	return int(v), nil
}

func boolParam(q url.Values, name string) (bool, error) {
	if !q.Has(name) {
		return false, nil
	}
	v, err := strconv.ParseBool(q.Get(name))
	if err != nil {
		return false, fmt.Errorf("%s must be 0, 1, true or false, got %q", name, q.Get(name))
	}
	return v, nil
}

// closeParams validates code and reason up front, because coder/websocket
// would otherwise silently replace an unsendable code with 1011.
func closeParams(q url.Values, codeName, reasonName string) (websocket.StatusCode, string, error) {
	code, err := intParam(q, codeName, int64(websocket.StatusNormalClosure), 0, 4999)
	if err != nil || !sendableCloseCode(code) {
		return 0, "", fmt.Errorf("%s must be a sendable close code (1000-1003, 1007-1014, 3000-4999), got %q", codeName, q.Get(codeName))
	}
	reason := "testserver"
	if q.Has(reasonName) {
		reason = q.Get(reasonName)
	}
	if len(reason) > 123 {
		return 0, "", fmt.Errorf("%s must be at most 123 bytes, got %d", reasonName, len(reason))
	}
	return websocket.StatusCode(code), reason, nil
}

func sendableCloseCode(c int64) bool {
	switch {
	case c >= 1000 && c <= 1003, c >= 1007 && c <= 1014, c >= 3000 && c <= 4999:
		return true
	}
	return false
}
