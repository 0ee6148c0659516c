//go:build js && wasm

package bridge

import (
	"math"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmsocket/wasmsocket/wasm/backoff"
	"github.com/wasmsocket/wasmsocket/wasm/manager"
	"github.com/wasmsocket/wasmsocket/wasm/queue"
)

// managerOptions reads the options object the client builds (see
// js/src/options.ts; times in milliseconds, names as in the JavaScript
// API) into manager.Options. Absent fields keep the Go defaults; present
// ones are checked here, so a mistake names the option.
func managerOptions(v safejs.Value) (manager.Options, error) {
	f := &fields{v: v}
	var o manager.Options
	o.ConnectTimeout = f.duration("connectionTimeout", false)
	if auto, ok := f.boolean("autoReconnect"); ok && !auto {
		o.Reconnect.Disabled = true
	}
	if n, ok := f.number("maxReconnectAttempts"); ok {
		switch {
		case math.IsInf(n, 1):
			o.Reconnect.MaxAttempts = -1
		case n < 0 || n != math.Trunc(n):
			f.fail("maxReconnectAttempts", "a whole number of at least 0, or Infinity")
		case n == 0:
			o.Reconnect.Disabled = true
		default:
			o.Reconnect.MaxAttempts = int(n)
		}
	}
	o.Reconnect.MinUptime = f.duration("minUptime", true)
	o.Reconnect.Backoff = backoffPolicy(f, "reconnectDelay", "maxReconnectDelay")
	if d, ok := f.number("heartbeatInterval"); ok && d == 0 {
		o.Heartbeat.Interval = -1
	} else {
		o.Heartbeat.Interval = f.duration("heartbeatInterval", false)
	}
	o.Heartbeat.Timeout = f.duration("heartbeatTimeout", false)
	if s, ok := f.str("heartbeatMessage"); ok {
		o.Heartbeat.Ping = []byte(s)
	}
	if s, ok := f.str("heartbeatPong"); ok {
		o.Heartbeat.IsPong = func(m manager.Message) bool { return !m.Binary && string(m.Data) == s }
	}
	o.Queue = queueOptions(f)
	if n, ok := f.number("maxHistorySize"); ok {
		switch {
		case n < 0 || n != math.Trunc(n) || n > 1e7:
			f.fail("maxHistorySize", "a whole number from 0 to 10,000,000")
		case n == 0:
			o.HistorySize = -1
		default:
			o.HistorySize = int(n)
		}
	}
	o.MaxMessageSize = f.count("maxMessageSize")
	o.Protocols = f.strings("protocols")
	return o, f.err
}

// backoffPolicy reads a backoff: ConnectionManager's options and
// ReconnectLogic's name the delays differently.
func backoffPolicy(f *fields, initial, maxDelay string) backoff.Policy {
	p := backoff.Policy{
		Initial:    f.duration(initial, false),
		Max:        f.duration(maxDelay, false),
		Multiplier: f.positive("backoffMultiplier"),
	}
	if s, ok := f.str("jitter"); ok {
		j, known := backoff.ParseJitter(s)
		if !known {
			f.fail("jitter", `"full", "equal", "decorrelated" or "none"`)
		}
		p.Jitter = j
	}
	return p
}

// queueOptions reads the queue's part: shared by the connection's options
// and the MessageHandler's.
func queueOptions(f *fields) manager.QueueOptions {
	var q manager.QueueOptions
	if on, ok := f.boolean("enableQueue"); ok {
		q.Disabled = !on
	}
	if on, ok := f.boolean("replayOnConnect"); ok {
		q.NoReplay = !on
	}
	q.MaxCount = f.count("bufferSize")
	q.MaxBytes = f.count("maxQueueBytes")
	if s, ok := f.str("overflow"); ok {
		p, known := queue.ParseOverflow(s)
		if !known {
			f.fail("overflow", `"reject", "drop-oldest" or "drop-newest"`)
		}
		q.Overflow = p
	}
	q.TTL = f.duration("messageTtl", true)
	return q
}

// duration reads milliseconds. Zero is allowed only where it means "none".
func (f *fields) duration(name string, zeroOK bool) time.Duration {
	n, ok := f.number(name)
	switch {
	case !ok:
		return 0
	case n < 0 || (n == 0 && !zeroOK) || math.IsInf(n, 0) || n > 1e12:
		if zeroOK {
			f.fail(name, "a number of milliseconds, at least 0")
		} else {
			f.fail(name, "a positive number of milliseconds")
		}
		return 0
	}
	return time.Duration(n * float64(time.Millisecond))
}

func (f *fields) positive(name string) float64 {
	n, ok := f.number(name)
	if ok && (n <= 0 || math.IsInf(n, 0)) {
		f.fail(name, "a positive number")
	}
	return n
}

// count reads a positive whole number (a size or a limit).
func (f *fields) count(name string) int {
	n, ok := f.number(name)
	if !ok {
		return 0
	}
	if n < 1 || n != math.Trunc(n) || n > math.MaxInt32 {
		f.fail(name, "a whole number of at least 1")
		return 0
	}
	return int(n)
}
