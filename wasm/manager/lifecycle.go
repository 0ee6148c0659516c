package manager

import "time"

// SetOnline tells the manager whether the platform has a network (the
// browser's online and offline events). While offline, retries are held
// instead of spent on attempts that cannot succeed; coming back online
// retries at once. Connect still tries: "offline" is only a hint.
func (m *Manager) SetOnline(online bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed || m.offline == !online {
		return
	}
	m.offline = !online
	m.emit(Event{Kind: EventNetwork, Online: online})
	switch {
	case !online && m.m.State == Reconnecting:
		stop(&m.retry)
		m.nextRetry = time.Time{}
	case online && m.m.State == Reconnecting:
		m.fire(InConnect, false, nil) // retry now, keeping the count
	}
}

// Resume tells the manager that the page became visible again. Browsers
// throttle timers in background tabs, so a retry may be far overdue: it
// happens now. A manager that gave up while hidden after an unclean close
// (the network, not the server, ended it) starts again with a fresh budget.
func (m *Manager) Resume() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed || m.offline {
		return
	}
	switch {
	case m.m.State == Reconnecting:
		m.fire(InConnect, false, nil)
	case m.m.State == Failed && m.lastClose.Code != 0 && !m.lastClose.WasClean:
		m.fire(InConnect, false, nil)
	}
}

// SetQueueOptions replaces the queue's settings (the spec's MessageHandler
// options). Messages already queued stay; the new bounds apply to new ones.
func (m *Manager) SetQueueOptions(o QueueOptions) error {
	if o.TTL < 0 {
		return errorf(ErrInvalidOptions, "queue TTL must not be negative", nil)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.q.SetOptions(o.Options); err != nil {
		return errorf(ErrInvalidOptions, err.Error(), nil)
	}
	m.opts.Queue = o
	return nil
}
