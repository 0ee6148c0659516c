package manager

import "testing"

// TestNextEveryPair walks every (state, input) pair, with retries allowed
// and not, and with budget left and spent. Pairs the table does not list
// must leave the machine unchanged and do nothing: stale inputs are the
// normal case for a machine driven by timers and goroutines.
func TestNextEveryPair(t *testing.T) {
	type key struct {
		s     State
		in    Input
		retry bool // retryable, and budget left
	}
	type want struct {
		s       State
		attempt int
		fx      Effect
	}
	const a = 3 // attempts so far, below the budget of 5
	retryAll := func(s State, in Input, w want) map[key]want {
		return map[key]want{{s, in, true}: w, {s, in, false}: w}
	}
	table := map[key]want{}
	add := func(m map[key]want) {
		for k, v := range m {
			table[k] = v
		}
	}
	for _, s := range []State{Idle, Disconnected, Failed} {
		add(retryAll(s, InConnect, want{Connecting, 0, DoDial}))
	}
	add(retryAll(Reconnecting, InConnect, want{Connecting, a, DoCancelRetry | DoDial}))
	add(retryAll(Connecting, InDisconnect, want{Disconnected, a, DoAbortDial}))
	add(retryAll(Connected, InDisconnect, want{Disconnected, a, DoEndSession | DoCloseConn}))
	add(retryAll(Reconnecting, InDisconnect, want{Disconnected, a, DoCancelRetry}))
	add(retryAll(Connecting, InOpened, want{Connected, a, DoStartSession}))
	table[key{Connecting, InDialFailed, true}] = want{Reconnecting, a + 1, DoScheduleRetry}
	table[key{Connecting, InDialFailed, false}] = want{Failed, a, 0}
	table[key{Connected, InLost, true}] = want{Reconnecting, a + 1, DoEndSession | DoCloseConn | DoScheduleRetry}
	table[key{Connected, InLost, false}] = want{Disconnected, a, DoEndSession | DoCloseConn}
	add(retryAll(Reconnecting, InRetryDue, want{Connecting, a, DoDial}))
	add(retryAll(Connected, InStable, want{Connected, 0, 0}))

	limits := Limits{AutoReconnect: true, MaxAttempts: 5}
	pairs := 0
	for s := Idle; s <= Failed; s++ {
		for in := InConnect; in < numInputs; in++ {
			for _, retry := range []bool{true, false} {
				pairs++
				got, fx := Next(Machine{State: s, Attempt: a}, in, retry, limits)
				w, listed := table[key{s, in, retry}]
				if !listed {
					w = want{s, a, 0}
				}
				if got != (Machine{w.s, w.attempt}) || fx != w.fx {
					t.Errorf("%v + %v (retryable %v) = %v/%d fx %b; want %v/%d fx %b",
						s, in, retry, got.State, got.Attempt, fx, w.s, w.attempt, w.fx)
				}
			}
		}
	}
	if pairs != 6*7*2 {
		t.Fatalf("walked %d pairs", pairs)
	}
}

func TestNextBudget(t *testing.T) {
	spent := Machine{State: Connecting, Attempt: 5}
	l := Limits{AutoReconnect: true, MaxAttempts: 5}
	if m, fx := Next(spent, InDialFailed, true, l); m.State != Failed || fx != DoGiveUp {
		t.Errorf("dial failure with the budget spent: %v fx %b", m.State, fx)
	}
	if m, fx := Next(Machine{State: Connected, Attempt: 5}, InLost, true, l); m.State != Failed || fx != DoEndSession|DoCloseConn|DoGiveUp {
		t.Errorf("loss with the budget spent: %v fx %b", m.State, fx)
	}
	if m, _ := Next(spent, InDialFailed, true, Limits{AutoReconnect: true, MaxAttempts: -1}); m.State != Reconnecting || m.Attempt != 6 {
		t.Errorf("unlimited budget: %+v", m)
	}
	if m, fx := Next(Machine{State: Connecting}, InDialFailed, true, Limits{MaxAttempts: 5}); m.State != Failed || fx != 0 {
		t.Errorf("reconnect off, dial failure: %v fx %b", m.State, fx)
	}
	if m, fx := Next(Machine{State: Connected}, InLost, true, Limits{MaxAttempts: 5}); m.State != Disconnected || fx != DoEndSession|DoCloseConn {
		t.Errorf("reconnect off, loss: %v fx %b", m.State, fx)
	}
	// A manual connect after giving up starts a fresh budget.
	if m, _ := Next(Machine{State: Failed, Attempt: 5}, InConnect, false, l); m.Attempt != 0 {
		t.Errorf("connect after failure kept attempt %d", m.Attempt)
	}
}

func TestNames(t *testing.T) {
	for s := Idle; s <= Failed; s++ {
		if s.String() == "invalid" {
			t.Errorf("state %d has no name", s)
		}
	}
	for in := InConnect; in < numInputs; in++ {
		if in.String() == "invalid" {
			t.Errorf("input %d has no name", in)
		}
	}
	if State(99).String() != "invalid" || Input(99).String() != "invalid" {
		t.Error("out-of-range names")
	}
}
