package server

import (
	"encoding/base64"
	"sync"

	"github.com/coder/websocket"
)

// Bounds on the message log: a benchmark pushing millions of messages must
// not be able to exhaust the server's memory, so the oldest entries go first.
const (
	maxLogEntries = 1_000_000
	maxLogBytes   = 256 << 20
)

// logRecord keeps the payload as received; conversion to JSON-friendly
// strings is deferred to query time so the hot echo path stays cheap. The
// slice is shared with the outbound queue, which is fine because nobody
// mutates a received payload.
type logRecord struct {
	client string
	conn   uint64
	typ    websocket.MessageType
	data   []byte
}

// msgLog is a FIFO of received messages with a single global order, which is
// what makes "in the order the server received them" hold across the
// connections of one tag.
type msgLog struct {
	maxEntries int // fields, not constants, so in-package tests can shrink them
	maxBytes   int

	mu      sync.Mutex
	recs    []logRecord
	head    int // recs[:head] are dropped slots awaiting compaction
	bytes   int
	dropped int64
}

func (l *msgLog) add(client string, conn uint64, typ websocket.MessageType, data []byte) {
	l.mu.Lock()
	l.recs = append(l.recs, logRecord{client: client, conn: conn, typ: typ, data: data})
	l.bytes += len(data)
	for len(l.recs)-l.head > l.maxEntries || (l.bytes > l.maxBytes && len(l.recs)-l.head > 1) {
		l.bytes -= len(l.recs[l.head].data)
		l.recs[l.head] = logRecord{} // release the payload now, not at compaction
		l.head++
		l.dropped++
	}
	// Compact once the dead prefix dominates, keeping appends amortized O(1)
	// without letting the backing array grow forever.
	if l.head > 1024 && l.head*2 > len(l.recs) {
		n := copy(l.recs, l.recs[l.head:])
		clear(l.recs[n:])
		l.recs = l.recs[:n]
		l.head = 0
	}
	l.mu.Unlock()
}

func (l *msgLog) reset() {
	l.mu.Lock()
	l.recs, l.head, l.bytes, l.dropped = nil, 0, 0, 0
	l.mu.Unlock()
}

func (l *msgLog) counts() (entries int, dropped int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recs) - l.head, l.dropped
}

// forClient never returns nil so the JSON form is [] rather than null.
func (l *msgLog) forClient(client string) []LogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []LogEntry{}
	for _, r := range l.recs[l.head:] {
		if r.client == client {
			out = append(out, r.entry())
		}
	}
	return out
}

func (l *msgLog) all() map[string][]LogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string][]LogEntry{}
	for _, r := range l.recs[l.head:] {
		out[r.client] = append(out[r.client], r.entry())
	}
	return out
}

func (r logRecord) entry() LogEntry {
	if r.typ == websocket.MessageBinary {
		return LogEntry{Conn: r.conn, Type: "binary", Data: base64.StdEncoding.EncodeToString(r.data)}
	}
	return LogEntry{Conn: r.conn, Type: "text", Data: string(r.data)}
}
