// Package manager is the spec's ConnectionManager: one WebSocket
// connection kept alive through failures. It runs the state machine of
// state.go, reconnects with backoff, queues messages while the connection
// is down and replays them in order, detects half-open connections with a
// heartbeat, and reports everything as events.
//
// It is plain Go with no syscall/js, so the same code is tested natively
// against the real test server and runs in the browser under wasm.
package manager

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/backoff"
	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// Manager owns one logical connection to one URL. Its methods are safe for
// concurrent use and never block on the network, except Connect, which
// waits by design, and Close, which waits for its goroutines.
type Manager struct {
	url    string
	opts   Options
	limits Limits

	mu sync.Mutex
	m  Machine
	// gen identifies the current dial or session. Every effect that gives
	// one up increments it, so late results of the old one are ignored
	// instead of racing with the new one.
	gen        uint64
	conn       transport.Conn
	cancelDial func()
	retry      *time.Timer
	uptime     *time.Timer
	nextRetry  time.Time
	hb         heartbeat
	bo         backoff.Logic
	q          *queue.Queue
	hist       history
	metrics    Metrics
	lastErr    error
	lastClose  CloseInfo
	writerWake chan struct{} // of the current session
	flushNow   chan struct{} // ends the gathering early
	passes     uint64        // the writer's completed passes over the queue
	wrote      *sync.Cond    // on mu: passes changed
	waiters    []chan error
	closed     bool
	offline    bool // retries are held until SetOnline(true)

	events      []Event
	eventsWake  chan struct{}
	spare       []Event
	eventBytes  int        // message bytes in events
	dispatching *sync.Cond // on mu: the dispatcher took a batch

	wg           sync.WaitGroup // dials, readers, writers, closers
	dispatchDone chan struct{}
}

// New validates the URL and options and returns an idle manager; nothing
// touches the network until Connect or Start.
func New(rawURL string, opts Options) (*Manager, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return nil, err
	}
	opts, err = opts.normalize()
	if err != nil {
		return nil, err
	}
	q, err := queue.New(opts.Queue.Options)
	if err != nil {
		return nil, errorf(ErrInvalidOptions, err.Error(), nil)
	}
	m := &Manager{
		url:          u,
		opts:         opts,
		limits:       Limits{AutoReconnect: !opts.Reconnect.Disabled, MaxAttempts: opts.Reconnect.MaxAttempts},
		bo:           backoff.Logic{Policy: opts.Reconnect.Backoff, Rand: opts.Rand},
		q:            q,
		hist:         newHistory(opts.HistorySize),
		eventsWake:   make(chan struct{}, 1),
		dispatchDone: make(chan struct{}),
	}
	m.dispatching = sync.NewCond(&m.mu)
	m.wrote = sync.NewCond(&m.mu)
	m.flushNow = make(chan struct{}, 1)
	go m.dispatch()
	return m, nil
}

// URL returns the normalised URL the manager connects to.
func (m *Manager) URL() string { return m.url }

// Start begins connecting (or retries at once while waiting to reconnect)
// without waiting for the outcome; events report it.
func (m *Manager) Start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed {
		m.fire(InConnect, false, nil)
	}
}

// Connect starts connecting if needed and waits until the connection is
// open (nil), has failed for good (ErrMaxRetries, ErrInvalidURL, …), was
// disconnected, or ctx is done. Retries happen inside one Connect.
func (m *Manager) Connect(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	if m.m.State == Connected {
		m.mu.Unlock()
		return nil
	}
	ch := make(chan error, 1)
	m.waiters = append(m.waiters, ch)
	m.fire(InConnect, false, nil)
	m.mu.Unlock()
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		m.mu.Lock()
		for i, w := range m.waiters {
			if w == ch {
				m.waiters = append(m.waiters[:i], m.waiters[i+1:]...)
				break
			}
		}
		m.mu.Unlock()
		return ctx.Err()
	}
}

// Disconnect closes the connection with code 1000 and stops reconnecting.
// Queued messages stay queued for a later Connect.
func (m *Manager) Disconnect() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fire(InDisconnect, false, nil)
}

// Close disconnects, stops every goroutine and timer the manager started
// and waits for them. Later calls return ErrClosed. Events already
// reported are still delivered before Close returns.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	m.fire(InDisconnect, false, nil)
	m.closed = true
	m.stopTimers()
	m.resolve(ErrClosed)
	m.wake(m.eventsWake)
	m.mu.Unlock()
	m.wg.Wait()
	<-m.dispatchDone
	return nil
}

// SendOptions qualify one message.
type SendOptions struct {
	Binary   bool
	Priority queue.Priority
	TTL      time.Duration // how long it may wait in the queue; 0: the queue's default
}

// Send sends data now if connected and the queue is empty, else queues it
// to go out, in priority order, as soon as a connection is open. It fails
// with ErrMessageTooBig, ErrQueueFull (overflow policy "reject"),
// ErrNotConnected (queueing off) or ErrClosed; under the drop policies a
// drop is reported as an EventDrop. Send keeps data: do not modify it.
func (m *Manager) Send(data []byte, o SendOptions) error {
	if len(data) > m.opts.MaxMessageSize {
		return errorf(ErrMessageTooBig, "message of "+itoa(len(data))+" bytes exceeds maxMessageSize ("+itoa(m.opts.MaxMessageSize)+")", nil)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	connected := m.m.State == Connected
	if !connected && m.opts.Queue.Disabled {
		return errorf(ErrNotConnected, "cannot send while "+m.m.State.String()+": queueing is off (enableQueue: false)", nil)
	}
	if _, batching := m.conn.(transport.BatchWriter); connected && batching && m.pastHalf(len(data)) {
		// Bursts gather for one batch: never let one fill the queue
		// (rejecting or dropping while connected). Have the writer send
		// what gathered now, and wait for its pass over the queue: under
		// wasm the writer runs before this call returns to JavaScript,
		// needing no event from it.
		m.wake(m.flushNow)
		for pass, g := m.passes, m.gen; m.passes == pass && m.gen == g && !m.closed; {
			m.wrote.Wait()
		}
		connected = m.m.State == Connected
	}
	it := queue.Item{Data: data, Binary: o.Binary, Priority: o.Priority}
	if ttl := cmp(o.TTL, m.opts.Queue.TTL); ttl > 0 {
		it.Deadline = time.Now().Add(ttl)
	}
	_, dropped, err := m.q.Push(it)
	switch {
	case errors.Is(err, queue.ErrTooLarge):
		return errorf(ErrMessageTooBig, "message of "+itoa(len(data))+" bytes is larger than the whole queue (maxBytes)", nil)
	case err != nil:
		return errorf(ErrQueueFull, "message queue is full ("+itoa(m.q.Len())+" messages, "+itoa(m.q.Bytes())+" bytes): wait for the connection or raise the limits", nil)
	}
	m.dropped(dropped, DropOverflow)
	m.metrics.QueueHighWater = m.q.HighWater()
	if connected {
		m.wake(m.writerWake)
	} else {
		m.queueChanged()
	}
	return nil
}

// pastHalf says whether a message of n bytes would take the queue past half
// of either bound. Callers hold mu.
func (m *Manager) pastHalf(n int) bool {
	o := m.q.Options()
	return (m.q.Len()+1)*2 > o.MaxCount || (m.q.Bytes()+n)*2 > o.MaxBytes
}

func cmp(a, b time.Duration) time.Duration {
	if a != 0 {
		return a
	}
	return b
}

// State returns the current state.
func (m *Manager) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m.State
}

// Attempts returns the retries made since the last stable connection.
func (m *Manager) Attempts() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m.Attempt
}

// Snapshot returns the state, retry progress, last error, queue and
// metrics at one instant.
func (m *Manager) Snapshot() Snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	return Snapshot{
		State:       m.m.State,
		Attempt:     m.m.Attempt,
		NextRetryAt: m.nextRetry,
		LastError:   m.lastErr,
		LastClose:   m.lastClose,
		Offline:     m.offline,
		QueueLen:    m.q.Len(),
		QueueBytes:  m.q.Bytes(),
		Metrics:     m.metrics,
	}
}

// Queued returns the messages waiting to be sent, in sending order, after
// dropping the expired ones.
func (m *Manager) Queued() []queue.Item {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.dropped(m.q.Expire(time.Now()), DropExpired)
	return m.q.Items()
}

// ClearQueue discards the queued messages and returns how many there were.
// The application asked for it, so they are not reported as drops.
func (m *Manager) ClearQueue() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.q.Clear()
	m.queueChanged()
	return n
}

// History returns the last received messages, oldest first.
func (m *Manager) History() []transport.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hist.list()
}

// ClearHistory forgets the received messages kept so far.
func (m *Manager) ClearHistory() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.hist.clear()
}

// fire runs the state machine and carries out its effects. Callers hold mu.
func (m *Manager) fire(in Input, retryable bool, cause error) {
	prev := m.m
	next, fx := Next(m.m, in, retryable, m.limits)
	m.m = next
	if fx&DoAbortDial != 0 {
		m.gen++
		if m.cancelDial != nil {
			m.cancelDial()
			m.cancelDial = nil
		}
	}
	if fx&DoCancelRetry != 0 {
		stop(&m.retry)
		m.nextRetry = time.Time{}
	}
	if fx&DoEndSession != 0 {
		m.gen++
		stop(&m.uptime)
		m.hb.stop()
		m.wake(m.writerWake) // it sees the new generation and exits
		m.wake(m.flushNow)   // a gathering writer leaves without waiting for the page
		m.writerWake = nil
	}
	if fx&DoCloseConn != 0 && m.conn != nil {
		c := m.conn
		m.conn = nil
		m.goClose(c, in == InDisconnect)
	}
	if fx&DoDial != 0 {
		m.dial()
	}
	if fx&DoStartSession != 0 {
		m.startSession()
	}
	if in == InStable && prev.State == Connected {
		m.bo.Reset()
	}
	if fx&DoGiveUp != 0 {
		m.lastErr = errorf(ErrMaxRetries, "gave up after "+itoa(prev.Attempt)+" reconnection attempts (maxReconnectAttempts)", cause)
		m.emit(Event{Kind: EventError, Err: m.lastErr})
	}
	if next.State != prev.State {
		m.emit(Event{Kind: EventState, State: next.State})
		switch next.State {
		case Connected:
			m.lastErr = nil // it said why we were not connected; we are now
			m.emit(Event{Kind: EventOpen})
			m.resolve(nil)
		case Failed:
			m.resolve(m.lastErr)
		case Disconnected:
			if cause != nil {
				m.resolve(cause)
			} else {
				m.resolve(errorf(ErrDisconnected, "disconnect() was called before the connection opened", nil))
			}
		}
	}
	if fx&DoScheduleRetry != 0 {
		m.scheduleRetry(next.Attempt)
	}
}

// dial starts a connection attempt in the background.
func (m *Manager) dial() {
	m.gen++
	g := m.gen
	ctx := newDialCtx(m.opts.ConnectTimeout)
	cancel := func() { ctx.cancel(context.Canceled) }
	m.cancelDial = cancel
	opts := transport.DialOptions{Protocols: m.opts.Protocols, ReadLimit: int64(m.opts.MaxMessageSize)}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		conn, err := m.opts.Dialer.Dial(ctx, m.url, opts)
		timedOut := ctx.Err() == context.DeadlineExceeded
		cancel()
		m.mu.Lock()
		if g != m.gen {
			m.mu.Unlock()
			if conn != nil { // it opened after we gave up on it
				conn.Close(transport.CodeNormal, "")
			}
			return
		}
		m.cancelDial = nil
		if err != nil {
			retryable := true
			switch {
			case errors.Is(err, transport.ErrRefused):
				retryable = false
				err = errorf(ErrInvalidURL, "the browser refused the WebSocket URL "+m.url, err)
			case timedOut:
				err = errorf(ErrTimeout, "no connection to "+m.url+" within "+seconds(m.opts.ConnectTimeout)+" (connectionTimeout)", nil)
			default:
				err = errorf(ErrConnectFailed, "could not connect to "+m.url, err)
			}
			m.lastErr = err
			m.emit(Event{Kind: EventError, Err: err})
			m.fire(InDialFailed, retryable, err)
		} else {
			m.conn = conn
			m.fire(InOpened, false, nil)
		}
		m.mu.Unlock()
	}()
}

// startSession runs a freshly opened connection: the reader, the writer
// (which replays the queue first), the heartbeat and the uptime timer.
func (m *Manager) startSession() {
	g, conn := m.gen, m.conn
	m.metrics.Connects++
	if m.metrics.Connects > 1 {
		m.metrics.Reconnects++
	}
	if m.opts.Queue.NoReplay {
		m.dropAll(DropNotReplayed)
	} else {
		m.dropped(m.q.Expire(time.Now()), DropExpired)
	}
	m.writerWake = make(chan struct{}, 1)
	m.wg.Add(2)
	go m.read(g, conn)
	go m.write(g, conn, m.writerWake)
	m.uptime = time.AfterFunc(m.opts.Reconnect.MinUptime, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if g == m.gen {
			m.fire(InStable, false, nil)
		}
	})
	if m.opts.Heartbeat.Interval > 0 {
		m.hb.start(m, g)
	}
}

// read delivers messages until the connection ends, then reports the loss.
func (m *Manager) read(g uint64, conn transport.Conn) {
	defer m.wg.Done()
	for {
		msg, err := conn.Read()
		if err != nil {
			ce, ok := err.(*CloseError) // the transport's contract; no errors.As, which costs the wasm 20 KB
			if !ok {
				ce = &CloseError{Code: transport.CodeAbnormal, Reason: err.Error()}
			}
			ci := CloseInfo{Code: ce.Code, Reason: ce.Reason, WasClean: ce.WasClean}
			retry := m.decide(ci) // user code: called without the lock
			m.mu.Lock()
			if g == m.gen {
				m.lost(ci, retry, nil)
			}
			m.mu.Unlock()
			return
		}
		m.mu.Lock()
		if g != m.gen {
			m.mu.Unlock()
			return
		}
		m.inbound(msg)
		// Backpressure: while the events not yet handed out are many, read
		// no further, so that what the socket has buffered waits where it
		// is (in the browser's inbox) instead of piling up in Go's heap,
		// whose high-water mark the wasm's memory keeps for good.
		for g == m.gen && (len(m.events) >= backlogEvents || m.eventBytes >= backlogBytes) {
			m.dispatching.Wait()
		}
		m.mu.Unlock()
	}
}

// The read loop's backlog limits: generous enough that a batch of events
// crossing to JavaScript carries many messages, small enough that a flood
// costs the wasm a bounded amount of memory.
const (
	backlogEvents = 2048
	backlogBytes  = 1 << 20
)

func (m *Manager) inbound(msg transport.Message) {
	m.hb.alive = true
	if m.opts.Heartbeat.Interval > 0 && m.opts.Heartbeat.IsPong(msg) {
		m.hb.pong(m)
		return
	}
	m.metrics.MessagesIn++
	m.metrics.BytesIn += uint64(len(msg.Data))
	m.hist.add(msg)
	m.eventBytes += len(msg.Data)
	m.emit(Event{Kind: EventMessage, Message: msg})
}

// decide applies the close-code policy, or the application's predicate.
// It is called without the lock: the predicate may call the manager.
func (m *Manager) decide(ci CloseInfo) bool {
	if f := m.opts.Reconnect.ShouldReconnect; f != nil {
		return f(ci)
	}
	return DefaultShouldReconnect(ci)
}

// lost handles the end of the current session: report the close, then let
// the policy's verdict and the retry budget decide what follows.
func (m *Manager) lost(ci CloseInfo, retry bool, cause error) {
	if cause == nil {
		cause = errorf(ErrConnectionClosed, "connection to "+m.url+" closed with code "+itoa(ci.Code), nil)
		if ci.Reason != "" {
			cause = errorf(ErrConnectionClosed, "connection to "+m.url+" closed with code "+itoa(ci.Code)+" ("+ci.Reason+")", nil)
		}
	}
	next, _ := Next(m.m, InLost, retry, m.limits)
	ci.WillReconnect = next.State == Reconnecting
	m.lastClose = ci
	m.emit(Event{Kind: EventClose, Close: ci})
	m.fire(InLost, retry, cause)
}

// write sends queued messages and heartbeats while the session lasts.
func (m *Manager) write(g uint64, conn transport.Conn, wake chan struct{}) {
	defer m.wg.Done()
	bw, _ := conn.(transport.BatchWriter)
	var items []queue.Item
	var msgs []transport.Message
	broken := false
	for {
		if bw != nil {
			bw.Gather(m.flushNow) // let the burst that woke us finish queueing
		}
		m.mu.Lock()
		flushed := false
		for g == m.gen && !broken {
			if m.hb.due {
				m.hb.sent(m)
				ping := transport.Message{Binary: m.opts.Heartbeat.PingBinary, Data: m.opts.Heartbeat.Ping}
				m.mu.Unlock()
				broken = conn.Write(ping) != nil // the reader sees the end and reports it
				m.mu.Lock()
				continue
			}
			limit := 1
			if bw != nil {
				limit = writeBatchMessages
			}
			items, msgs = m.popBatch(items[:0], msgs[:0], limit)
			if len(items) == 0 {
				break
			}
			flushed = true
			m.mu.Unlock()
			var sent int
			var err error
			if bw != nil {
				sent, err = bw.WriteBatch(msgs)
			} else if err = conn.Write(msgs[0]); err == nil {
				sent = 1
			}
			m.mu.Lock()
			for _, msg := range msgs[:sent] {
				m.metrics.MessagesOut++
				m.metrics.BytesOut += uint64(len(msg.Data))
			}
			if err != nil {
				broken = true // the reader sees the end and reports it
				for i := len(items) - 1; i >= sent; i-- {
					m.q.PushFront(items[i]) // not sent: keep it for the next connection
				}
			}
			clear(items)
			clear(msgs)
		}
		if flushed && m.q.Len() == 0 {
			m.queueChanged()
		}
		m.passes++
		m.wrote.Broadcast()
		stale := g != m.gen
		m.mu.Unlock()
		if stale {
			return
		}
		<-wake
	}
}

// A batch write carries at most this many messages, or about
// writeBatchBytes: bounded buffers on both sides of the crossing.
const (
	writeBatchMessages = 1024
	writeBatchBytes    = 256 << 10
)

// popBatch takes up to limit messages off the queue, in sending order,
// dropping (and reporting) those that expired. Callers hold mu.
func (m *Manager) popBatch(items []queue.Item, msgs []transport.Message, limit int) ([]queue.Item, []transport.Message) {
	size := 0
	for len(items) < limit && size < writeBatchBytes {
		it, expired, ok := m.q.Pop(time.Now())
		m.dropped(expired, DropExpired)
		if !ok {
			break
		}
		items = append(items, it)
		msgs = append(msgs, transport.Message{Binary: it.Binary, Data: it.Data})
		size += len(it.Data)
	}
	return items, msgs
}

// goClose closes a connection off the lock: a close handshake can take
// seconds. A connection the application closes gets 1000; one given up on
// (lost, heartbeat missed) is dropped at once.
func (m *Manager) goClose(c transport.Conn, graceful bool) {
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		if graceful {
			c.Close(transport.CodeNormal, "")
		} else {
			c.Abort()
		}
	}()
}

func (m *Manager) scheduleRetry(attempt int) {
	d := m.bo.NextDelay(attempt - 1)
	m.emit(Event{Kind: EventReconnecting, Attempt: attempt, Delay: d})
	if m.offline {
		return // held until SetOnline(true)
	}
	m.nextRetry = time.Now().Add(d)
	m.retry = time.AfterFunc(d, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.m.State == Reconnecting && m.m.Attempt == attempt && !m.closed && !m.offline {
			m.retry = nil
			m.nextRetry = time.Time{}
			m.fire(InRetryDue, false, nil)
		}
	})
}

func (m *Manager) stopTimers() {
	stop(&m.retry)
	stop(&m.uptime)
	m.hb.stop()
}

func stop(t **time.Timer) {
	if *t != nil {
		(*t).Stop()
		*t = nil
	}
}

// resolve answers every Connect waiting for an outcome.
func (m *Manager) resolve(err error) {
	for _, w := range m.waiters {
		w <- err
	}
	m.waiters = nil
}

func (m *Manager) dropped(items []queue.Item, why DropReason) {
	if len(items) == 0 {
		return
	}
	for _, it := range items {
		m.metrics.Dropped++
		m.emit(Event{Kind: EventDrop, Dropped: it, Drop: why})
	}
	m.queueChanged()
}

func (m *Manager) dropAll(why DropReason) {
	var items []queue.Item
	for {
		it, expired, ok := m.q.Pop(time.Now())
		items = append(items, expired...)
		if !ok {
			break
		}
		items = append(items, it)
	}
	m.dropped(items, why)
}

func (m *Manager) queueChanged() {
	m.emit(Event{Kind: EventQueue, QueueLen: m.q.Len(), QueueBytes: m.q.Bytes()})
}

// emit queues an event for the dispatcher. Callers hold mu.
func (m *Manager) emit(e Event) {
	m.events = append(m.events, e)
	m.wake(m.eventsWake)
}

func (m *Manager) wake(c chan struct{}) {
	if c == nil {
		return
	}
	select {
	case c <- struct{}{}:
	default:
	}
}

// dispatch hands events to OnEvents in batches, outside the lock, so a
// handler may call back into the manager.
func (m *Manager) dispatch() {
	defer close(m.dispatchDone)
	for range m.eventsWake {
		m.mu.Lock()
		batch := m.events
		m.events = m.spare[:0]
		m.eventBytes = 0
		closed := m.closed
		m.dispatching.Broadcast()
		m.mu.Unlock()
		if len(batch) > 0 && m.opts.OnEvents != nil {
			m.opts.OnEvents(batch)
		}
		clear(batch)
		m.mu.Lock()
		m.spare = batch[:0]
		m.mu.Unlock()
		if closed {
			m.mu.Lock()
			last := len(m.events) == 0
			m.mu.Unlock()
			if last {
				return
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
