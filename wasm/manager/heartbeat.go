package manager

import (
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// heartbeat finds half-open connections: ones the network has silently
// lost, on which writes still succeed and reads never return. Every
// Interval it asks the writer for a ping; if nothing at all has arrived
// Timeout later, the connection is given up and reconnected. Any message
// counts as a sign of life, so a busy connection never times out on a slow
// pong. All fields are guarded by Manager.mu.
type heartbeat struct {
	timer    *time.Timer
	due      bool // a ping should be written
	awaiting bool // a ping was written and the timeout runs
	alive    bool // something arrived since the last ping
	sentAt   time.Time
}

func (h *heartbeat) start(m *Manager, g uint64) {
	*h = heartbeat{}
	h.timer = time.AfterFunc(m.opts.Heartbeat.Interval, func() {
		m.mu.Lock()
		dead := g == m.gen && h.tick(m)
		m.mu.Unlock()
		if !dead {
			return
		}
		ci := CloseInfo{Code: transport.CodeAbnormal, Reason: "heartbeat timeout"}
		retry := m.decide(ci) // user code: called without the lock
		m.mu.Lock()
		defer m.mu.Unlock()
		if g != m.gen {
			return
		}
		err := errorf(ErrHeartbeatTimeout, "no reply from "+m.url+" within "+seconds(m.opts.Heartbeat.Timeout)+" of a heartbeat: the connection is presumed dead", nil)
		m.lastErr = err
		m.emit(Event{Kind: EventError, Err: err})
		m.lost(ci, retry, err)
	})
}

// tick advances the heartbeat and reports whether the connection is dead.
func (h *heartbeat) tick(m *Manager) (dead bool) {
	hb := m.opts.Heartbeat
	if !h.awaiting {
		h.due = true
		m.wake(m.writerWake)
		return false
	}
	if !h.alive {
		return true
	}
	h.awaiting = false
	h.timer.Reset(max(hb.Interval-hb.Timeout, 0))
	return false
}

// sent is called by the writer as it writes the ping.
func (h *heartbeat) sent(m *Manager) {
	h.due, h.awaiting, h.alive = false, true, false
	h.sentAt = time.Now()
	h.timer.Reset(m.opts.Heartbeat.Timeout)
}

// pong completes the cycle early: the next ping is due one interval after
// the last, however soon the reply came.
func (h *heartbeat) pong(m *Manager) {
	m.metrics.Heartbeats++
	if !h.awaiting {
		return
	}
	rtt := time.Since(h.sentAt)
	m.metrics.HeartbeatRTT = rtt
	h.awaiting = false
	h.timer.Reset(max(m.opts.Heartbeat.Interval-rtt, 0))
}

func (h *heartbeat) stop() {
	stop(&h.timer)
	h.due = false
}
