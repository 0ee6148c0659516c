package server

import "time"

// Stats is a snapshot of the server's counters, returned by Server.Stats and
// GET /control/stats, so tests can prove what a client did on the wire (most
// importantly that it leaked no socket: Open must return to 0).
type Stats struct {
	// Open counts upgraded connections whose read loop has not ended yet.
	Open int `json:"open"`
	// TotalConnections counts every upgrade accepted since start or reset.
	TotalConnections int64 `json:"total_connections"`
	// AcceptedByClient counts the upgrades accepted per ?client= tag since
	// start or reset, so a test can prove a client opened exactly one socket.
	AcceptedByClient map[string]int64 `json:"accepted_by_client"`
	// TotalMessages counts data messages received (heartbeats and commands excluded).
	TotalMessages int64 `json:"total_messages"`
	// TotalSent counts every message the server wrote (echoes, broadcasts, pongs, floods).
	TotalSent int64 `json:"total_sent"`
	// Pings counts heartbeat messages answered with a pong.
	Pings int64 `json:"pings"`
	// Refused counts upgrades refused by a fault (refuse=, /control/refuse, /control/down).
	Refused int64 `json:"refused"`
	// Killed counts connections the server dropped abruptly on purpose
	// (kill faults, /control/kill, /control/down, slow clients).
	Killed int64 `json:"killed"`
	// SlowKilled counts the subset of Killed dropped because their outbound
	// queue overflowed, i.e. the client stopped reading.
	SlowKilled int64 `json:"slow_killed"`
	// LogEntries is the number of messages currently held in the message log.
	LogEntries int `json:"log_entries"`
	// LogDropped counts log entries discarded to keep the log bounded.
	LogDropped int64 `json:"log_dropped"`
	// Connections lists the open connections ordered by ID.
	Connections []ConnInfo `json:"connections"`
}

// ConnInfo describes one open connection in Stats, so a test can find the ID
// of the socket it wants to fault through the control API.
type ConnInfo struct {
	// ID is unique for the server's lifetime (it is not reused after Reset).
	ID uint64 `json:"id"`
	// Path is the endpoint, "/ws/echo", "/ws/broadcast" or "/ws/sink".
	Path string `json:"path"`
	// Room is the broadcast room, empty on /ws/echo and /ws/sink.
	Room string `json:"room"`
	// Client is the ?client= tag, empty when untagged.
	Client string `json:"client"`
	// Opened is when the upgrade completed.
	Opened time.Time `json:"opened"`
	// Received counts data messages read from this connection.
	Received int64 `json:"received"`
	// Sent counts messages written to this connection.
	Sent int64 `json:"sent"`
	// Stalled reports whether the connection is currently stalled by a fault.
	Stalled bool `json:"stalled"`
}

// LogEntry is one data message as the server received it, so tests can check
// exactly what a client sent, in order, across reconnections.
type LogEntry struct {
	// Conn is the ID of the connection the message arrived on.
	Conn uint64 `json:"conn"`
	// Type is "text" or "binary".
	Type string `json:"type"`
	// Data is the payload: verbatim for text, standard base64 for binary.
	Data string `json:"data"`
}

// ClientLog is the body of GET /control/log?client=TAG, exported so Go tests
// talking to an out-of-process server can decode it.
type ClientLog struct {
	// Client is the tag that was asked for.
	Client string `json:"client"`
	// Messages are that tag's messages in arrival order.
	Messages []LogEntry `json:"messages"`
}

// AllLogs is the body of GET /control/log without a client filter, exported
// for the same reason as ClientLog.
type AllLogs struct {
	// Clients maps each tag (possibly "") to its messages in arrival order.
	Clients map[string][]LogEntry `json:"clients"`
}
