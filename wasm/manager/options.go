package manager

import (
	"math/rand/v2"
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/backoff"
	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

// Options configure a Manager. Zero fields take the defaults given beside
// them; a negative duration or size turns the feature off where it says so.
type Options struct {
	// ConnectTimeout bounds each connection attempt. Default 10 s.
	ConnectTimeout time.Duration
	Reconnect      ReconnectOptions
	Heartbeat      HeartbeatOptions
	Queue          QueueOptions
	// HistorySize is how many received messages History keeps. Default 100;
	// negative keeps none.
	HistorySize int
	// MaxMessageSize is the largest message sent or received, in bytes.
	// Default 1 MiB.
	MaxMessageSize int
	// Protocols are the subprotocols offered in the handshake.
	Protocols []string
	// Dialer opens connections. Default transport.Coder{}.
	Dialer transport.Dialer
	// Rand returns numbers in [0, 1) for backoff jitter. Default math/rand/v2.
	Rand func() float64
	// OnEvents receives everything that happens, in order, in batches, from
	// one goroutine. The slice is reused once the call returns: copy what
	// you keep. A slow OnEvents delays later events, never the connection.
	OnEvents func([]Event)
}

// ReconnectOptions are the spec's ReconnectLogic settings.
type ReconnectOptions struct {
	// Disabled turns automatic reconnection off.
	Disabled bool
	// MaxAttempts is the retry budget. Default 10; negative: unlimited.
	MaxAttempts int
	// MinUptime is how long a connection must stay up before the retry
	// count resets, so a server that accepts and drops at once cannot hold
	// clients at the shortest delay. Default 5 s.
	MinUptime time.Duration
	Backoff   backoff.Policy
	// ShouldReconnect, when set, replaces DefaultShouldReconnect.
	ShouldReconnect func(CloseInfo) bool
}

// HeartbeatOptions configure the application-level heartbeat that finds
// half-open connections: browsers hide WebSocket ping frames, so the
// client sends a message the server answers.
type HeartbeatOptions struct {
	// Interval between pings. Default 25 s; negative turns heartbeats off.
	Interval time.Duration
	// Timeout: if nothing at all arrives this long after a ping, the
	// connection is dead. Default 10 s.
	Timeout time.Duration
	// Ping is the payload sent. Default "ping" (text).
	Ping       []byte
	PingBinary bool
	// IsPong recognises the reply, which is then not delivered as a
	// message. Default: the text "pong".
	IsPong func(transport.Message) bool
}

// QueueOptions are the spec's MessageHandler settings.
type QueueOptions struct {
	// Disabled makes Send fail with ErrNotConnected unless connected.
	Disabled bool
	// NoReplay drops what was queued while disconnected when the
	// connection opens (reported as drops), for data that goes stale.
	NoReplay bool
	// TTL is the default time a queued message stays valid. 0: forever.
	TTL time.Duration
	queue.Options
}

// Defaults of Options' zero fields.
const (
	DefaultConnectTimeout    = 10 * time.Second
	DefaultMaxAttempts       = 10
	DefaultMinUptime         = 5 * time.Second
	DefaultHeartbeatInterval = 25 * time.Second
	DefaultHeartbeatTimeout  = 10 * time.Second
	DefaultHistorySize       = 100
	DefaultMaxMessageSize    = 1 << 20
)

func isTextPong(m transport.Message) bool { return !m.Binary && string(m.Data) == "pong" }

// normalize fills in defaults and rejects what cannot work, so a bad option
// fails in the constructor with a message, not later with a mystery.
func (o Options) normalize() (Options, error) {
	bad := func(msg string) (Options, error) { return o, errorf(ErrInvalidOptions, msg, nil) }
	switch {
	case o.ConnectTimeout < 0:
		return bad("connectionTimeout must not be negative")
	case o.Reconnect.MinUptime < 0:
		return bad("minUptime must not be negative")
	case o.Heartbeat.Timeout < 0:
		return bad("heartbeat timeout must not be negative")
	case o.Queue.TTL < 0:
		return bad("queue TTL must not be negative")
	case o.MaxMessageSize < 0:
		return bad("maxMessageSize must not be negative")
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.ConnectTimeout, DefaultConnectTimeout)
	def(&o.Reconnect.MinUptime, DefaultMinUptime)
	def(&o.Heartbeat.Interval, DefaultHeartbeatInterval)
	def(&o.Heartbeat.Timeout, DefaultHeartbeatTimeout)
	if o.Reconnect.MaxAttempts == 0 {
		o.Reconnect.MaxAttempts = DefaultMaxAttempts
	}
	if o.HistorySize == 0 {
		o.HistorySize = DefaultHistorySize
	}
	if o.MaxMessageSize == 0 {
		o.MaxMessageSize = DefaultMaxMessageSize
	}
	if o.Heartbeat.Ping == nil {
		o.Heartbeat.Ping = []byte("ping")
	}
	if o.Heartbeat.IsPong == nil {
		o.Heartbeat.IsPong = isTextPong
	}
	if o.Dialer == nil {
		o.Dialer = transport.Coder{}
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	p, err := o.Reconnect.Backoff.Normalize()
	if err != nil {
		return bad(err.Error())
	}
	o.Reconnect.Backoff = p
	return o, nil
}
