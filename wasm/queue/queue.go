// Package queue is the buffer behind the spec's MessageHandler: messages
// waiting for a connection, bounded by count and by bytes, ordered by
// priority and replayed in order when the connection comes back.
//
// The queue never loses a message silently: Push either accepts, refuses
// with an error, or returns the messages it dropped so the caller can report
// them. It is not safe for concurrent use; the connection manager owns it.
package queue

import (
	"errors"
	"time"
)

// Priority orders replay: higher first, first-in first-out within one.
type Priority int8

// The three priorities. Normal is the zero value.
const (
	Low    Priority = -1
	Normal Priority = 0
	High   Priority = 1
)

// String returns the priority's name as the JavaScript API spells it.
func (p Priority) String() string {
	switch p {
	case Low:
		return "low"
	case High:
		return "high"
	case Normal:
		return "normal"
	}
	return "invalid"
}

// ParsePriority is the inverse of String.
func ParsePriority(s string) (Priority, bool) {
	for p := Low; p <= High; p++ {
		if p.String() == s {
			return p, true
		}
	}
	return 0, false
}

func (p Priority) lane() int { return int(High - p) } // 0 is replayed first

// Overflow says what a full queue does with one more message.
type Overflow uint8

const (
	// Reject refuses the new message with ErrFull: the sender decides.
	Reject Overflow = iota
	// DropOldest evicts the oldest messages of the lowest priority, never
	// of a priority above the new message's; if that cannot make room the
	// new message is dropped instead.
	DropOldest
	// DropNewest drops the new message.
	DropNewest
)

var overflowNames = [...]string{Reject: "reject", DropOldest: "drop-oldest", DropNewest: "drop-newest"}

// String returns the policy's name as the JavaScript API spells it.
func (o Overflow) String() string {
	if int(o) < len(overflowNames) {
		return overflowNames[o]
	}
	return "invalid"
}

// ParseOverflow is the inverse of String.
func ParseOverflow(s string) (Overflow, bool) {
	for i, n := range overflowNames {
		if n == s {
			return Overflow(i), true
		}
	}
	return 0, false
}

// Defaults of Options' zero fields.
const (
	DefaultMaxCount = 1000
	DefaultMaxBytes = 1 << 20
)

var (
	// ErrFull is returned by Push under the Reject policy when the message
	// does not fit.
	ErrFull = errors.New("message queue is full")
	// ErrTooLarge is returned by Push when the message alone is larger than
	// the queue's byte limit, whatever the policy.
	ErrTooLarge = errors.New("message is larger than the queue's byte limit")
	// ErrInvalid reports options that cannot describe a queue.
	ErrInvalid = errors.New("invalid queue options")
)

type invalidOptions struct{}

func (invalidOptions) Error() string {
	return "invalid queue options: limits must be positive and the overflow policy one of reject, drop-oldest, drop-newest"
}
func (invalidOptions) Is(t error) bool { return t == ErrInvalid }

// Options bound the queue. Zero fields take the defaults.
type Options struct {
	MaxCount int
	MaxBytes int
	Overflow Overflow
}

// Item is one queued message.
type Item struct {
	Seq      uint64 // set by Push; increases with every message, so drops and listings can name it
	Data     []byte
	Binary   bool
	Priority Priority
	Deadline time.Time // zero: never expires
}

func (it *Item) expired(now time.Time) bool {
	return !it.Deadline.IsZero() && now.After(it.Deadline)
}

// Queue is a bounded multi-priority FIFO. Create it with New.
type Queue struct {
	opts      Options
	lanes     [3]ring[Item]
	count     int
	bytes     int
	highWater int
	seq       uint64
}

// New returns an empty queue, or ErrInvalid for negative bounds or an
// unknown policy.
func New(o Options) (*Queue, error) {
	q := &Queue{}
	if err := q.SetOptions(o); err != nil {
		return nil, err
	}
	return q, nil
}

// SetOptions changes the bounds and policy. Messages already queued stay
// even if they exceed the new bounds; the bounds apply to later pushes.
func (q *Queue) SetOptions(o Options) error {
	if o.MaxCount == 0 {
		o.MaxCount = DefaultMaxCount
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxCount < 0 || o.MaxBytes < 0 || o.Overflow > DropNewest {
		return invalidOptions{}
	}
	q.opts = o
	return nil
}

// Options returns the bounds in effect.
func (q *Queue) Options() Options { return q.opts }

// Len is the number of queued messages.
func (q *Queue) Len() int { return q.count }

// Bytes is the total payload size of the queued messages.
func (q *Queue) Bytes() int { return q.bytes }

// HighWater is the largest Len the queue has had.
func (q *Queue) HighWater() int { return q.highWater }

// Push adds a message. It returns the sequence number given to it, and the
// messages dropped to honour the bounds (possibly the new one itself, whose
// Seq is then set). Under Reject a message that does not fit is refused with
// ErrFull and nothing changes.
func (q *Queue) Push(it Item) (seq uint64, dropped []Item, err error) {
	size := len(it.Data)
	if size > q.opts.MaxBytes {
		return 0, nil, ErrTooLarge
	}
	if it.Priority < Low || it.Priority > High {
		it.Priority = Normal
	}
	needCount := q.count + 1 - q.opts.MaxCount
	needBytes := q.bytes + size - q.opts.MaxBytes
	if needCount > 0 || needBytes > 0 {
		switch q.opts.Overflow {
		case Reject:
			return 0, nil, ErrFull
		case DropOldest:
			if n, ok := q.evictable(it.Priority, needCount, needBytes); ok {
				dropped = q.evict(n)
				break
			}
			fallthrough
		default: // DropNewest, or DropOldest with nothing it may evict
			q.seq++
			it.Seq = q.seq
			return it.Seq, append(dropped, it), nil
		}
	}
	q.seq++
	it.Seq = q.seq
	q.lanes[it.Priority.lane()].pushBack(it)
	q.count++
	q.bytes += size
	q.highWater = max(q.highWater, q.count)
	return it.Seq, dropped, nil
}

// evictable reports how many messages, taken from the lowest lane up to the
// new message's priority and oldest first, free enough room.
func (q *Queue) evictable(p Priority, needCount, needBytes int) (int, bool) {
	n := 0
	for l := len(q.lanes) - 1; l >= p.lane(); l-- {
		for i := range q.lanes[l].len() {
			if needCount <= 0 && needBytes <= 0 {
				return n, true
			}
			n++
			needCount--
			needBytes -= len(q.lanes[l].at(i).Data)
		}
	}
	return n, needCount <= 0 && needBytes <= 0
}

func (q *Queue) evict(n int) []Item {
	out := make([]Item, 0, n)
	for l := len(q.lanes) - 1; n > 0; l-- {
		for ; n > 0 && q.lanes[l].len() > 0; n-- {
			out = append(out, q.remove(l))
		}
	}
	return out
}

func (q *Queue) remove(lane int) Item {
	it := q.lanes[lane].popFront()
	q.count--
	q.bytes -= len(it.Data)
	return it
}

// Pop removes and returns the next message to send: the oldest of the
// highest priority. Messages past their deadline on the way are removed
// and returned in expired, for the caller to report.
func (q *Queue) Pop(now time.Time) (it Item, expired []Item, ok bool) {
	for l := range q.lanes {
		for q.lanes[l].len() > 0 {
			it = q.remove(l)
			if !it.expired(now) {
				return it, expired, true
			}
			expired = append(expired, it)
		}
	}
	return Item{}, expired, false
}

// PushFront puts back a message that Pop returned but that could not be
// sent, ahead of everything of its priority. It bypasses the bounds: the
// message was accepted once, and losing it now would be a silent loss.
func (q *Queue) PushFront(it Item) {
	q.lanes[it.Priority.lane()].pushFront(it)
	q.count++
	q.bytes += len(it.Data)
}

// Expire removes and returns every message past its deadline.
func (q *Queue) Expire(now time.Time) []Item {
	var out []Item
	for l := range q.lanes {
		r := &q.lanes[l]
		for range r.len() {
			it := r.popFront()
			if it.expired(now) {
				q.count--
				q.bytes -= len(it.Data)
				out = append(out, it)
			} else {
				r.pushBack(it)
			}
		}
	}
	return out
}

// Items returns a copy of the queued messages in the order they would be
// sent.
func (q *Queue) Items() []Item {
	out := make([]Item, 0, q.count)
	for l := range q.lanes {
		for i := range q.lanes[l].len() {
			out = append(out, q.lanes[l].at(i))
		}
	}
	return out
}

// Clear empties the queue and returns how many messages it held.
func (q *Queue) Clear() int {
	n := q.count
	for l := range q.lanes {
		q.lanes[l].clear()
	}
	q.count, q.bytes = 0, 0
	return n
}
