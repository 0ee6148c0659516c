package server

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/coder/websocket"
)

// Limits keep a typo in a flood request from tying up a connection for
// hours or sending frames no client read limit accepts.
const (
	maxFloodCount = 1_000_000_000
	maxFloodSize  = 16 << 20
)

// floodPrefix is the cheap pre-check: only text messages starting with it
// are handed to encoding/json, so ordinary echo traffic never pays for it.
var floodPrefix = []byte(`{"type":"flood"`)

// floodSpec describes a burst of numbered messages the writer generates
// lazily, so a flood of millions costs one queue slot, not millions.
type floodSpec struct {
	count  int64
	size   int
	binary bool
}

// parseFloodCommand decodes the in-band {"type":"flood",...} command.
func parseFloodCommand(data []byte) (floodSpec, error) {
	var cmd struct {
		Type   string `json:"type"`
		Count  *int64 `json:"count"`
		Size   int64  `json:"size"`
		Binary bool   `json:"binary"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cmd); err != nil {
		return floodSpec{}, fmt.Errorf("bad flood command: %v", err)
	}
	if cmd.Type != "flood" {
		return floodSpec{}, errors.New(`bad flood command: type must be "flood"`)
	}
	if cmd.Count == nil {
		return floodSpec{}, errors.New("bad flood command: count is required")
	}
	return newFloodSpec(*cmd.Count, cmd.Size, cmd.Binary)
}

func newFloodSpec(count, size int64, binary bool) (floodSpec, error) {
	if count < 0 || count > maxFloodCount {
		return floodSpec{}, fmt.Errorf("flood count must be in [0, %d], got %d", maxFloodCount, count)
	}
	if size < 0 || size > maxFloodSize {
		return floodSpec{}, fmt.Errorf("flood size must be in [0, %d], got %d", maxFloodSize, size)
	}
	return floodSpec{count: count, size: int(size), binary: binary}, nil
}

// floodBuilder reuses one buffer for every message of a flood. That is safe
// because the server side of coder/websocket never masks, so Conn.Write
// neither modifies nor retains the slice after it returns.
type floodBuilder struct {
	spec floodSpec
	buf  []byte
}

func newFloodBuilder(spec floodSpec) *floodBuilder {
	if spec.binary {
		// Padding is zeros and never changes, so only the header is rewritten.
		return &floodBuilder{spec: spec, buf: make([]byte, max(spec.size, 8))}
	}
	return &floodBuilder{spec: spec, buf: make([]byte, 0, max(spec.size, 32))}
}

func (b *floodBuilder) messageType() websocket.MessageType {
	if b.spec.binary {
		return websocket.MessageBinary
	}
	return websocket.MessageText
}

// message returns flood message seq (1-based). Text is exactly
// {"seq":N,"p":"xxx"} padded to spec.size bytes, or the minimum if that does
// not fit; binary is an 8-byte big-endian seq zero-padded to spec.size.
func (b *floodBuilder) message(seq int64) []byte {
	if b.spec.binary {
		binary.BigEndian.PutUint64(b.buf, uint64(seq))
		return b.buf
	}
	buf := append(b.buf[:0], `{"seq":`...)
	buf = strconv.AppendInt(buf, seq, 10)
	buf = append(buf, `,"p":"`...)
	for pad := b.spec.size - len(buf) - len(`"}`); pad > 0; {
		n := min(pad, len(xPadding))
		buf = append(buf, xPadding[:n]...)
		pad -= n
	}
	buf = append(buf, `"}`...)
	b.buf = buf
	return buf
}

var xPadding = bytes.Repeat([]byte("x"), 4096)
