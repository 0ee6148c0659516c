package manager

import (
	"errors"

	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// The errors the manager returns and reports. Each names one thing that can
// go wrong; the bridge maps each to a stable code for JavaScript (see
// ErrorCode). Errors carry detail in their message and still match their
// sentinel with errors.Is.
var (
	ErrInvalidURL       = errors.New("invalid WebSocket URL")
	ErrInvalidOptions   = errors.New("invalid options")
	ErrTimeout          = errors.New("connection attempt timed out")
	ErrConnectFailed    = errors.New("could not connect")
	ErrNotConnected     = errors.New("not connected and queueing is off")
	ErrQueueFull        = queue.ErrFull
	ErrMessageTooBig    = errors.New("message too big")
	ErrMaxRetries       = errors.New("gave up reconnecting")
	ErrHeartbeatTimeout = errors.New("no reply to heartbeat")
	ErrConnectionClosed = errors.New("connection closed")
	ErrDisconnected     = errors.New("disconnected by the application")
	ErrClosed           = errors.New("connection manager is closed")
)

// CloseError is how a connection ended, as the transport saw it.
type CloseError = transport.CloseError

// ErrorCode returns the stable code that names err's kind for JavaScript,
// or "ERR_UNKNOWN". One table, so the codes cannot drift apart.
func ErrorCode(err error) string {
	for _, c := range errorCodes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	if _, ok := err.(*CloseError); ok {
		return "ERR_CLOSED"
	}
	return "ERR_UNKNOWN"
}

var errorCodes = []struct {
	err  error
	code string
}{
	{ErrMaxRetries, "ERR_MAX_RETRIES"}, // first: it wraps the last failure, which has its own kind
	{ErrInvalidURL, "ERR_INVALID_URL"},
	{ErrInvalidOptions, "ERR_INVALID_OPTIONS"},
	{ErrTimeout, "ERR_TIMEOUT"},
	{ErrConnectFailed, "ERR_CONNECT_FAILED"},
	{ErrNotConnected, "ERR_NOT_CONNECTED"},
	{ErrQueueFull, "ERR_QUEUE_FULL"},
	{ErrMessageTooBig, "ERR_MESSAGE_TOO_BIG"},
	{ErrHeartbeatTimeout, "ERR_HEARTBEAT_TIMEOUT"},
	{ErrDisconnected, "ERR_DISCONNECTED"},
	{ErrConnectionClosed, "ERR_CLOSED"},
	{ErrClosed, "ERR_DISPOSED"},
}

// detailed is an error of one kind with a message that says what happened
// and, where it helps, what to do.
type detailed struct {
	kind  error
	msg   string
	cause error
}

func (e *detailed) Error() string   { return e.msg }
func (e *detailed) Unwrap() []error { return []error{e.kind, e.cause} }

func errorf(kind error, msg string, cause error) error {
	if cause != nil && msg != "" {
		msg += ": " + cause.Error()
	}
	return &detailed{kind: kind, msg: msg, cause: cause}
}
