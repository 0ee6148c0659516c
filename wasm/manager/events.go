package manager

import (
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// Message is one WebSocket data message.
type Message = transport.Message

// EventKind names what an Event reports.
type EventKind uint8

// The event kinds, matching the JavaScript API's event names.
const (
	EventState        EventKind = iota // State changed
	EventOpen                          // a connection opened
	EventMessage                       // Message arrived
	EventClose                         // a connection ended: Close
	EventReconnecting                  // a retry is scheduled: Attempt, Delay
	EventError                         // something failed: Err
	EventDrop                          // a queued message was dropped: Dropped, Drop, Err
	EventQueue                         // the offline queue changed: QueueLen, QueueBytes
	EventNetwork                       // the platform went online or offline: Online
)

var eventNames = [...]string{"state", "open", "message", "close", "reconnecting", "error", "drop", "queue", "network"}

// String returns the event's name as the JavaScript API spells it.
func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return "invalid"
}

// DropReason says why a queued message was dropped.
type DropReason uint8

// The drop reasons.
const (
	DropOverflow    DropReason = iota // the queue was full (drop-oldest or drop-newest)
	DropExpired                       // its time to live ran out
	DropNotReplayed                   // queued while offline, with replay off
)

var dropNames = [...]string{"overflow", "expired", "not-replayed"}

func (r DropReason) String() string {
	if int(r) < len(dropNames) {
		return dropNames[r]
	}
	return "invalid"
}

// Event is one thing that happened. Which fields are set depends on Kind.
type Event struct {
	Kind       EventKind
	State      State
	Message    transport.Message
	Close      CloseInfo
	Attempt    int
	Delay      time.Duration
	Err        error
	Dropped    queue.Item
	Drop       DropReason
	QueueLen   int
	QueueBytes int
	Online     bool
}

// Metrics count what a connection manager has done since it was created.
type Metrics struct {
	MessagesIn, MessagesOut uint64
	BytesIn, BytesOut       uint64
	Connects                uint64 // connections opened
	Reconnects              uint64 // connections opened after the first
	Dropped                 uint64 // queued messages dropped, for any reason
	QueueHighWater          int
	Heartbeats              uint64        // pongs received
	HeartbeatRTT            time.Duration // of the last pong; 0 before the first
}

// Snapshot is everything a status display needs, read at one instant.
type Snapshot struct {
	State       State
	Attempt     int       // retries since the last stable connection
	NextRetryAt time.Time // zero unless reconnecting
	LastError   error     // why the manager is not connected; nil while connected
	LastClose   CloseInfo // how the last connection ended
	Offline     bool      // the platform said it has no network; retries are held
	QueueLen    int
	QueueBytes  int
	Metrics     Metrics
}
