package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/backoff"
	"github.com/wasmsocket/wasmsocket/wasm/manager"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// Config describes one storm: the clients, their backoff and the outage.
type Config struct {
	Clients int
	Backoff backoff.Policy
	// Down is how long the server refuses upgrades after killing everyone.
	Down time.Duration
	// Timeout is how long after the kill to wait for every client.
	Timeout time.Duration
	// Batch is how many clients connect at once during the ramp-up; it
	// stays under the listen backlog (net.core.somaxconn, often 4096) so
	// the ramp-up itself is not a storm.
	Batch int
}

// Outcome is what one storm measured, before any analysis.
type Outcome struct {
	Clients int
	// Arrivals holds, for each connection the server accepted after the
	// kill, the time from the kill to when the server registered it
	// (just before its 101 response), sorted. The server's clock, not the
	// clients': under load ten thousand clients in one process hear of
	// their reconnection late, which says more about the simulation than
	// about the storm (see ClientLast).
	Arrivals []time.Duration
	// ClientBack counts the clients that saw EventOpen after the kill, and
	// ClientLast is when the last of them did.
	ClientBack int
	ClientLast time.Duration
	// Attempts counts the reconnection attempts scheduled after the kill
	// (EventReconnecting); Refused the upgrades the server refused while
	// down.
	Attempts int64
	Refused  int64
	Ramp     time.Duration // connecting all clients before the kill
	Teardown time.Duration // closing them all afterwards
}

// recorder is every client's OnEvents sink. Atomics rather than a mutex:
// ten thousand dispatch goroutines report into it at the same moment.
type recorder struct {
	killed   atomic.Bool
	opened   atomic.Int64 // opens before the kill
	back     atomic.Int64 // first opens after the kill
	attempts atomic.Int64
	at       []atomic.Int64 // per client: wall-clock ns of its first open after the kill
	allBack  chan struct{}
}

func newRecorder(n int) *recorder {
	return &recorder{at: make([]atomic.Int64, n), allBack: make(chan struct{})}
}

// sink returns client i's OnEvents. The time is taken when the event is
// dispatched, i.e. when the application would hear of the reconnection.
// A client's first open after the kill counts; there is no second, as
// the server stays up from then on.
func (r *recorder) sink(i int) func([]manager.Event) {
	return func(evs []manager.Event) {
		for _, e := range evs {
			switch {
			case e.Kind == manager.EventOpen && !r.killed.Load():
				r.opened.Add(1)
			case e.Kind == manager.EventOpen:
				if r.at[i].CompareAndSwap(0, time.Now().UnixNano()) &&
					r.back.Add(1) == int64(len(r.at)) {
					close(r.allBack)
				}
			case e.Kind == manager.EventReconnecting && r.killed.Load():
				r.attempts.Add(1)
			}
		}
	}
}

// storm connects cfg.Clients managers to srv, kills the server for
// cfg.Down and records when each client is back. It closes every manager
// and waits for the server to see them go before returning, error or not.
func storm(srv target, cfg Config) (out Outcome, err error) {
	out.Clients = cfg.Clients
	// A transport of its own, so its idle connections can be closed at the
	// end and leave no goroutine behind.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	dialer := transport.Coder{HTTPClient: &http.Client{Transport: tr}}

	rec := newRecorder(cfg.Clients)
	clients := make([]*manager.Manager, 0, cfg.Clients)
	defer func() {
		start := time.Now()
		closeAll(clients)
		if werr := waitOpen(srv, 0, 30*time.Second); werr != nil && err == nil {
			err = fmt.Errorf("after closing every client: %w", werr)
		}
		out.Teardown = time.Since(start)
	}()
	for i := range cfg.Clients {
		m, err := manager.New(srv.WSURL()+"/ws/echo", manager.Options{
			Dialer:      dialer,
			HistorySize: -1,
			Heartbeat:   manager.HeartbeatOptions{Interval: -1},
			Reconnect:   manager.ReconnectOptions{MaxAttempts: -1, Backoff: cfg.Backoff},
			OnEvents:    rec.sink(i),
		})
		if err != nil {
			return out, err
		}
		clients = append(clients, m)
	}

	start := time.Now()
	if err := ramp(srv, clients, rec, max(cfg.Batch, 1)); err != nil {
		return out, err
	}
	out.Ramp = time.Since(start)

	before, err := srv.Stats()
	if err != nil {
		return out, err
	}
	rec.killed.Store(true) // no client opens until the kill: all are connected
	t0, err := goDown(srv, cfg.Down, cfg.Clients)
	if err != nil {
		return out, err
	}
	wait := time.NewTimer(time.Until(t0.Add(cfg.Timeout)))
	select {
	case <-rec.allBack:
	case <-wait.C:
	}
	wait.Stop()

	out.Attempts = rec.attempts.Load()
	after, err := srv.Stats()
	if err != nil {
		return out, err
	}
	out.Refused = after.Refused - before.Refused
	for _, c := range after.Connections {
		if c.Opened.After(t0) {
			out.Arrivals = append(out.Arrivals, c.Opened.Sub(t0))
		}
	}
	slices.Sort(out.Arrivals)
	for i := range rec.at {
		if ns := rec.at[i].Load(); ns != 0 {
			out.ClientBack++
			out.ClientLast = max(out.ClientLast, time.Unix(0, ns).Sub(t0))
		}
	}
	return out, nil
}

// ramp starts the clients batch by batch, each batch once the previous one
// is connected, then checks that the server agrees.
func ramp(srv target, ms []*manager.Manager, rec *recorder, batch int) error {
	for lo := 0; lo < len(ms); lo += batch {
		hi := min(lo+batch, len(ms))
		for _, m := range ms[lo:hi] {
			m.Start()
		}
		deadline := time.Now().Add(30 * time.Second)
		for rec.opened.Load() < int64(hi) {
			if time.Now().After(deadline) {
				return fmt.Errorf("ramp-up: only %d of %d clients connected after 30 s", rec.opened.Load(), hi)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return waitOpen(srv, len(ms), 30*time.Second)
}

// waitOpen polls the server until it counts n open connections. Not too
// often: a child server sends the list of every connection each time.
func waitOpen(srv target, n int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		st, err := srv.Stats()
		if err != nil {
			return err
		}
		open := st.Open
		if open == n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("server has %d open connections, want %d", open, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// goDown asks the server, over its control API as any test would, to kill
// every connection and refuse upgrades for d. It returns the instant the
// server went down, by its own clock: down_until minus d. The server sets
// that before its first kill, so every arrival is measured from a moment
// no later than the client noticed. (A child server's clock is this
// machine's wall clock too.)
func goDown(srv target, d time.Duration, want int) (time.Time, error) {
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	url := fmt.Sprintf("%s/control/down?ms=%d", srv.URL(), d.Milliseconds())
	resp, err := (&http.Client{Transport: tr}).Post(url, "", nil)
	if err != nil {
		return time.Time{}, err
	}
	defer resp.Body.Close()
	var body struct {
		Killed    int       `json:"killed"`
		DownUntil time.Time `json:"down_until"`
		Error     string    `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return time.Time{}, fmt.Errorf("control/down: %w", err)
	}
	switch {
	case resp.StatusCode != http.StatusOK:
		return time.Time{}, fmt.Errorf("control/down: %s: %s", resp.Status, body.Error)
	case body.Killed != want:
		return time.Time{}, fmt.Errorf("control/down killed %d connections, want %d", body.Killed, want)
	}
	return body.DownUntil.Add(-d), nil
}

// closeAll closes the managers from a bounded pool of goroutines: each
// Close waits for a close handshake, and doing ten thousand in a row would
// take far longer than the storm.
func closeAll(ms []*manager.Manager) {
	const workers = 128
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(workers, len(ms)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(ms) {
					return
				}
				if err := ms[i].Close(); err != nil && !errors.Is(err, manager.ErrClosed) {
					panic(err) // Close only fails when already closed
				}
			}
		})
	}
	wg.Wait()
}
