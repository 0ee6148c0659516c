package manager

// State is where a connection is in its life.
//
//	idle ──connect──> connecting ──opened──> connected
//	                   │  ^   │                 │
//	      dial failed, │  │   │ disconnect      │ lost, retry allowed
//	     retry allowed v  │   v                 v
//	            reconnecting ─retry due─┘   reconnecting
//	connecting/connected/reconnecting ──disconnect──> disconnected
//	retries exhausted or not allowed ──> failed (dial) / disconnected (close)
type State uint8

// The states. Idle is the zero value: created, never connected.
const (
	Idle State = iota
	Connecting
	Connected
	Reconnecting
	Disconnected
	Failed
)

var stateNames = [...]string{"idle", "connecting", "connected", "reconnecting", "disconnected", "failed"}

// String returns the state's name as the JavaScript API spells it.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "invalid"
}

// Input is what happens to a connection, as the state machine sees it.
type Input uint8

// The inputs. The manager turns calls, transport results and timers into
// these; stale ones (from a dial or connection already given up on) never
// reach the machine.
const (
	InConnect    Input = iota // the user asks to connect (or to retry now)
	InDisconnect              // the user asks to disconnect
	InOpened                  // the dial succeeded
	InDialFailed              // the dial failed or timed out
	InLost                    // an open connection ended (closed, killed, heartbeat missed)
	InRetryDue                // the backoff delay has passed
	InStable                  // the connection stayed up for the minimum uptime
	numInputs
)

var inputNames = [...]string{"connect", "disconnect", "opened", "dial-failed", "lost", "retry-due", "stable"}

func (i Input) String() string {
	if int(i) < len(inputNames) {
		return inputNames[i]
	}
	return "invalid"
}

// Effect is a set of things the manager must do after a transition, as bits
// so a table test can name them exactly. The manager carries them out in
// the order of the bits.
type Effect uint16

const (
	DoAbortDial     Effect = 1 << iota // give up the dial in flight
	DoCancelRetry                      // stop the backoff timer
	DoEndSession                       // stop heartbeat and uptime timers, stop writing
	DoCloseConn                        // close the connection (it may be closed already)
	DoDial                             // start a dial with the connect timeout
	DoStartSession                     // start heartbeat and uptime timers, replay the queue
	DoScheduleRetry                    // start the backoff timer for attempt Machine.Attempt
	DoGiveUp                           // report that retries are exhausted
)

// Machine is the whole state the transition function reads and writes.
type Machine struct {
	State State
	// Attempt counts retries since the last fresh start or stable
	// connection; the backoff delay grows with it and the retry budget
	// limits it.
	Attempt int
}

// Limits are the settings that shape transitions.
type Limits struct {
	AutoReconnect bool
	MaxAttempts   int // negative: unlimited
}

// Next is the connection state machine as a pure function: given the
// current machine, an input, whether the input permits a retry (the close
// code policy's verdict for InLost, the error's kind for InDialFailed) and
// the limits, it returns the next machine and the effects to carry out.
// Inputs that do not apply in a state change nothing and do nothing.
func Next(m Machine, in Input, retryable bool, l Limits) (Machine, Effect) {
	switch in {
	case InConnect:
		switch m.State {
		case Idle, Disconnected, Failed:
			return Machine{State: Connecting}, DoDial // a fresh retry budget
		case Reconnecting: // "retry now": skip the wait, keep the count
			return Machine{State: Connecting, Attempt: m.Attempt}, DoCancelRetry | DoDial
		}
	case InDisconnect:
		switch m.State {
		case Connecting:
			return Machine{State: Disconnected, Attempt: m.Attempt}, DoAbortDial
		case Connected:
			return Machine{State: Disconnected, Attempt: m.Attempt}, DoEndSession | DoCloseConn
		case Reconnecting:
			return Machine{State: Disconnected, Attempt: m.Attempt}, DoCancelRetry
		}
	case InOpened:
		if m.State == Connecting {
			return Machine{State: Connected, Attempt: m.Attempt}, DoStartSession
		}
	case InDialFailed:
		if m.State == Connecting {
			return retryOr(m, retryable, l, Failed, 0)
		}
	case InLost:
		if m.State == Connected {
			return retryOr(m, retryable, l, Disconnected, DoEndSession|DoCloseConn)
		}
	case InRetryDue:
		if m.State == Reconnecting {
			return Machine{State: Connecting, Attempt: m.Attempt}, DoDial
		}
	case InStable:
		if m.State == Connected {
			return Machine{State: Connected}, 0
		}
	}
	return m, 0
}

// retryOr schedules a retry if reconnecting is on, the input allows it and
// the budget is not spent; otherwise it stops in the given state, reporting
// an exhausted budget.
func retryOr(m Machine, retryable bool, l Limits, stop State, fx Effect) (Machine, Effect) {
	switch {
	case !l.AutoReconnect || !retryable:
		return Machine{State: stop, Attempt: m.Attempt}, fx
	case l.MaxAttempts >= 0 && m.Attempt >= l.MaxAttempts:
		return Machine{State: Failed, Attempt: m.Attempt}, fx | DoGiveUp
	}
	return Machine{State: Reconnecting, Attempt: m.Attempt + 1}, fx | DoScheduleRetry
}
