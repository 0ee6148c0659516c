// Package backoff is the spec's ReconnectLogic: how long to wait before the
// next reconnection attempt, and whether another attempt is allowed at all.
//
// It is pure: the caller supplies the random numbers, so every delay is
// reproducible in a test and the same code runs natively and under wasm.
package backoff

import (
	"errors"
	"math"
	"time"
)

// Jitter selects how a delay is spread out so that many clients that lost
// their server at the same moment do not all come back at the same moment.
type Jitter uint8

const (
	// Full waits random(0, d): the widest spread and the least total work
	// under contention (AWS, "Exponential Backoff And Jitter").
	Full Jitter = iota
	// Equal waits d/2 + random(0, d/2): never less than half the delay.
	Equal
	// Decorrelated waits random(initial, min(max, 3*previous)): grows from
	// the previous delay rather than from the attempt number.
	Decorrelated
	// None waits exactly d. For tests and for single clients only.
	None
)

var jitterNames = [...]string{Full: "full", Equal: "equal", Decorrelated: "decorrelated", None: "none"}

// String returns the jitter's name as the JavaScript API spells it.
func (j Jitter) String() string {
	if int(j) < len(jitterNames) {
		return jitterNames[j]
	}
	return "invalid"
}

// ParseJitter is the inverse of String, so options can arrive as text.
func ParseJitter(s string) (Jitter, bool) {
	for i, n := range jitterNames {
		if n == s {
			return Jitter(i), true
		}
	}
	return 0, false
}

// Defaults of Policy's zero fields, chosen for interactive apps: the first
// retry comes within a second and no user waits more than half a minute.
const (
	DefaultInitial    = time.Second
	DefaultMax        = 30 * time.Second
	DefaultMultiplier = 2.0
)

// ErrInvalid reports a policy that cannot describe a backoff.
var ErrInvalid = errors.New("invalid backoff policy")

// invalidPolicy says what is wrong and still matches ErrInvalid.
type invalidPolicy string

func (e invalidPolicy) Error() string   { return "invalid backoff policy: " + string(e) }
func (e invalidPolicy) Is(t error) bool { return t == ErrInvalid }

// Policy describes an exponential backoff. Zero fields take the defaults.
type Policy struct {
	Initial    time.Duration // delay scale of the first retry
	Max        time.Duration // cap on the un-jittered delay
	Multiplier float64       // growth per attempt, at least 1
	Jitter     Jitter
}

// Normalize fills in defaults and reports a policy that makes no sense, so
// a bad option fails when it is given, not at the first reconnect.
func (p Policy) Normalize() (Policy, error) {
	if p.Initial == 0 {
		p.Initial = DefaultInitial
	}
	if p.Max == 0 {
		p.Max = max(DefaultMax, p.Initial)
	}
	if p.Multiplier == 0 {
		p.Multiplier = DefaultMultiplier
	}
	switch {
	case p.Initial < 0:
		return p, invalidPolicy("initial delay must not be negative")
	case p.Max < p.Initial:
		return p, invalidPolicy("maximum delay must be at least the initial delay")
	case p.Multiplier < 1 || math.IsNaN(p.Multiplier) || math.IsInf(p.Multiplier, 0):
		return p, invalidPolicy("multiplier must be a finite number of at least 1")
	case p.Jitter > None:
		return p, invalidPolicy("unknown jitter mode")
	}
	return p, nil
}

// Ceiling is the un-jittered delay of an attempt (0-based):
// min(Max, Initial·Multiplier^attempt). The cap is applied here, before any
// jitter, so delays stay spread out once they reach it; socket.io applies
// its jitter first and then clamps, so from the fifth attempt on all of its
// clients wait exactly the cap.
func (p Policy) Ceiling(attempt int) time.Duration {
	if attempt < 0 {
		attempt = 0
	}
	// A loop, not math.Pow: it stops at the cap, and Pow costs the wasm 3 KB.
	d := float64(p.Initial)
	for range attempt {
		if d >= float64(p.Max) {
			return p.Max
		}
		d *= p.Multiplier
	}
	if d >= float64(p.Max) {
		return p.Max
	}
	return time.Duration(d)
}

// Delay returns the wait before attempt (0-based). prev is the delay the
// previous attempt used (only Decorrelated reads it; pass 0 for the first)
// and r is a random number in [0, 1).
func (p Policy) Delay(attempt int, prev time.Duration, r float64) time.Duration {
	r = min(max(r, 0), 1)
	switch p.Jitter {
	case Equal:
		c := p.Ceiling(attempt)
		return c/2 + time.Duration(r*float64(c-c/2))
	case Decorrelated:
		base := max(prev, p.Initial)
		hi := p.Max
		if base < p.Max/3 { // 3*base cannot overflow below this
			hi = 3 * base
		}
		return p.Initial + time.Duration(r*float64(hi-p.Initial))
	case None:
		return p.Ceiling(attempt)
	default:
		return time.Duration(r * float64(p.Ceiling(attempt)))
	}
}

// ShouldRetry reports whether another attempt may follow the given number
// of attempts already made. A negative maxAttempts means no limit.
func ShouldRetry(attempts, maxAttempts int) bool {
	return maxAttempts < 0 || attempts < maxAttempts
}

// Logic keeps the state the spec's ReconnectLogic class carries between
// calls: the previous delay, which decorrelated jitter grows from.
type Logic struct {
	Policy Policy
	Rand   func() float64 // returns [0, 1); injected so tests are exact
	prev   time.Duration
}

// NextDelay returns the delay for the given attempt (0-based) and remembers
// it for decorrelated jitter.
func (l *Logic) NextDelay(attempt int) time.Duration {
	d := l.Policy.Delay(attempt, l.prev, l.Rand())
	l.prev = d
	return d
}

// Reset forgets the previous delay, as after a connection that stayed up.
func (l *Logic) Reset() { l.prev = 0 }
