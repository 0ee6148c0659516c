package backoff

import (
	"errors"
	"math"
	"testing"
	"time"
)

func mustPolicy(t testing.TB, p Policy) Policy {
	t.Helper()
	p, err := p.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNormalizeDefaults(t *testing.T) {
	p := mustPolicy(t, Policy{})
	if p.Initial != time.Second || p.Max != 30*time.Second || p.Multiplier != 2 || p.Jitter != Full {
		t.Fatalf("defaults = %+v", p)
	}
	// A large initial delay raises the default cap instead of failing.
	if p := mustPolicy(t, Policy{Initial: time.Minute}); p.Max != time.Minute {
		t.Fatalf("max = %v, want the initial delay", p.Max)
	}
}

func TestNormalizeRejects(t *testing.T) {
	for name, p := range map[string]Policy{
		"negative initial":   {Initial: -1},
		"max below initial":  {Initial: 2 * time.Second, Max: time.Second},
		"multiplier below 1": {Multiplier: 0.5},
		"NaN multiplier":     {Multiplier: math.NaN()},
		"infinite":           {Multiplier: math.Inf(1)},
		"unknown jitter":     {Jitter: None + 1},
	} {
		if _, err := p.Normalize(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestCeilingGrowsThenCaps(t *testing.T) {
	p := mustPolicy(t, Policy{Initial: 100 * time.Millisecond, Max: time.Second, Multiplier: 2})
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for i, w := range want {
		if got := p.Ceiling(i); got != w*time.Millisecond {
			t.Errorf("Ceiling(%d) = %v, want %v", i, got, w*time.Millisecond)
		}
	}
	if got := p.Ceiling(100000); got != time.Second {
		t.Errorf("huge attempt: %v", got)
	}
	if got := p.Ceiling(-3); got != 100*time.Millisecond {
		t.Errorf("negative attempt: %v", got)
	}
}

func TestDelayBoundsPerJitter(t *testing.T) {
	rs := []float64{0, 0.25, 0.5, 0.999999}
	for j := Full; j <= None; j++ {
		p := mustPolicy(t, Policy{Initial: 100 * time.Millisecond, Max: 5 * time.Second, Jitter: j})
		prev := time.Duration(0)
		for attempt := range 12 {
			c := p.Ceiling(attempt)
			for _, r := range rs {
				d := p.Delay(attempt, prev, r)
				lo, hi := time.Duration(0), c
				switch j {
				case Equal:
					lo = c / 2
				case Decorrelated:
					lo, hi = p.Initial, p.Max
				case None:
					lo = c
				}
				if d < lo || d > hi {
					t.Fatalf("%v attempt %d r=%v: %v not in [%v, %v]", j, attempt, r, d, lo, hi)
				}
				prev = d
			}
		}
	}
}

// The cap comes before the jitter, so clients stay spread out once their
// delays reach it: the whole point of jitter in a long outage.
func TestJitterSurvivesTheCap(t *testing.T) {
	for _, j := range []Jitter{Full, Equal, Decorrelated} {
		p := mustPolicy(t, Policy{Initial: time.Second, Max: 5 * time.Second, Jitter: j})
		lo, hi := p.Delay(30, p.Max, 0.01), p.Delay(30, p.Max, 0.99)
		if hi-lo < time.Second {
			t.Errorf("%v at the cap: delays %v and %v are not spread out", j, lo, hi)
		}
	}
}

func TestDecorrelatedGrowsFromPrevious(t *testing.T) {
	p := mustPolicy(t, Policy{Initial: 100 * time.Millisecond, Max: time.Hour, Jitter: Decorrelated})
	if got := p.Delay(0, 0, 0.999999); got > 300*time.Millisecond {
		t.Fatalf("first delay %v, want at most 3x initial", got)
	}
	if got := p.Delay(5, 2*time.Second, 0.999999); got < 5900*time.Millisecond || got > 6*time.Second {
		t.Fatalf("delay after 2s = %v, want just under 6s", got)
	}
}

func TestShouldRetry(t *testing.T) {
	cases := []struct {
		attempts, max int
		want          bool
	}{{0, 10, true}, {9, 10, true}, {10, 10, false}, {11, 10, false}, {0, 0, false}, {1000, -1, true}}
	for _, c := range cases {
		if got := ShouldRetry(c.attempts, c.max); got != c.want {
			t.Errorf("ShouldRetry(%d, %d) = %v", c.attempts, c.max, got)
		}
	}
}

func TestLogicRemembersAndResets(t *testing.T) {
	l := &Logic{Policy: mustPolicy(t, Policy{Initial: 100 * time.Millisecond, Max: time.Hour, Jitter: Decorrelated}), Rand: func() float64 { return 0.999999 }}
	d0 := l.NextDelay(0)
	d1 := l.NextDelay(1)
	if d1 <= d0 {
		t.Fatalf("decorrelated delays did not grow: %v then %v", d0, d1)
	}
	l.Reset()
	if d := l.NextDelay(0); d != d0 {
		t.Fatalf("after Reset: %v, want %v", d, d0)
	}
}

func TestParseJitter(t *testing.T) {
	for j := Full; j <= None; j++ {
		if got, ok := ParseJitter(j.String()); !ok || got != j {
			t.Errorf("round trip of %v failed", j)
		}
	}
	if _, ok := ParseJitter("sometimes"); ok {
		t.Error("accepted an unknown name")
	}
	if Jitter(42).String() != "invalid" {
		t.Error("unknown jitter has a name")
	}
}

func BenchmarkDelay(b *testing.B) {
	p := mustPolicy(b, Policy{})
	var sink time.Duration
	for i := 0; b.Loop(); i++ {
		sink += p.Delay(i&15, sink&0xffff, 0.5)
	}
}
