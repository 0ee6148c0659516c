package wire

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wasmsocket/wasmsocket/wasm/manager"
	"github.com/wasmsocket/wasmsocket/wasm/queue"
	"github.com/wasmsocket/wasmsocket/wasm/transport"
)

type record struct {
	kind    byte
	conn    uint32
	payload []byte
}

// decode is the reference reader of the format js/src/wire.ts implements.
func decode(t *testing.T, b []byte) []record {
	t.Helper()
	var out []record
	for len(b) > 0 {
		if len(b) < HeaderSize {
			t.Fatalf("truncated header: %d bytes", len(b))
		}
		n := binary.LittleEndian.Uint32(b[5:9])
		if uint32(len(b)-HeaderSize) < n {
			t.Fatalf("truncated payload")
		}
		out = append(out, record{b[0], binary.LittleEndian.Uint32(b[1:5]), b[HeaderSize : HeaderSize+n]})
		b = b[HeaderSize+n:]
	}
	return out
}

func TestMessagesAndEvents(t *testing.T) {
	var e Encoder
	e.Event(7, &manager.Event{Kind: manager.EventMessage, Message: transport.Message{Data: []byte("héllo")}})
	e.Message(70000, transport.Message{Binary: true, Data: []byte{0, 255}})
	e.Event(7, &manager.Event{Kind: manager.EventClose, Close: manager.CloseInfo{Code: 1006, Reason: `a "quoted"` + "\n", WillReconnect: true}})
	e.Event(7, &manager.Event{Kind: manager.EventReconnecting, Attempt: 3, Delay: 1500 * time.Microsecond})
	e.Event(7, &manager.Event{Kind: manager.EventError, Err: manager.ErrTimeout})
	e.Event(7, &manager.Event{Kind: manager.EventDrop, Drop: manager.DropExpired, Dropped: queue.Item{Seq: 9, Data: []byte{1, 2}, Binary: true, Priority: queue.High}})
	e.Event(7, &manager.Event{Kind: manager.EventState, State: manager.Reconnecting})
	e.Event(7, &manager.Event{Kind: manager.EventNetwork, Online: false})
	rs := decode(t, e.Bytes())
	if len(rs) != 8 {
		t.Fatalf("%d records", len(rs))
	}
	if rs[0].kind != KindText || rs[0].conn != 7 || string(rs[0].payload) != "héllo" {
		t.Errorf("text record %+v", rs[0])
	}
	if rs[1].kind != KindBinary || rs[1].conn != 70000 || string(rs[1].payload) != "\x00\xff" {
		t.Errorf("binary record %+v", rs[1])
	}
	want := []map[string]any{
		{"type": "close", "code": 1006.0, "reason": "a \"quoted\"\n", "wasClean": false, "willReconnect": true},
		{"type": "reconnecting", "attempt": 3.0, "delay": 1.5},
		{"type": "error", "code": "ERR_TIMEOUT", "message": "connection attempt timed out"},
		{"type": "drop", "reason": "expired", "seq": 9.0, "priority": "high", "binary": true, "size": 2.0, "data": nil},
		{"type": "state", "state": "reconnecting"},
		{"type": "network", "online": false},
	}
	for i, w := range want {
		r := rs[i+2]
		var got map[string]any
		if err := json.Unmarshal(r.payload, &got); err != nil || r.kind != KindJSON {
			t.Fatalf("record %d: %v %s", i+2, err, r.payload)
		}
		for k, v := range w {
			if got[k] != v {
				t.Errorf("%s.%s = %#v, want %#v", w["type"], k, got[k], v)
			}
		}
	}
}

func TestSnapshot(t *testing.T) {
	var e Encoder
	s := manager.Snapshot{
		State: manager.Reconnecting, Attempt: 2, NextRetryAt: time.UnixMilli(1700000000123),
		LastError: errors.Join(manager.ErrConnectFailed, errors.New("refused")),
		LastClose: manager.CloseInfo{Code: 1006, Reason: "gone"}, QueueLen: 3, QueueBytes: 40,
		Metrics: manager.Metrics{MessagesIn: 5, Heartbeats: 1, HeartbeatRTT: 2 * time.Millisecond},
	}
	e.Snapshot(1, s)
	var got struct {
		Type        string
		State       string
		Attempt     int
		NextRetryAt int64
		LastError   struct{ Code, Message string }
		LastClose   struct{ Code int }
		QueueSize   int
		Online      bool
		Metrics     map[string]any
	}
	if err := json.Unmarshal(decode(t, e.Bytes())[0].payload, &got); err != nil {
		t.Fatal(err)
	}
	if got.Type != "snapshot" || got.State != "reconnecting" || got.NextRetryAt != 1700000000123 ||
		got.LastError.Code != "ERR_CONNECT_FAILED" || got.LastClose.Code != 1006 || got.QueueSize != 3 ||
		!got.Online || got.Metrics["messagesIn"] != 5.0 || got.Metrics["heartbeatRtt"] != 2.0 {
		t.Fatalf("snapshot %+v", got)
	}
	e.Reset()
	e.Snapshot(1, manager.Snapshot{})
	if p := string(decode(t, e.Bytes())[0].payload); !strings.Contains(p, `"lastError":null`) || !strings.Contains(p, `"heartbeatRtt":null`) {
		t.Fatalf("empty snapshot %s", p)
	}
}

// FuzzString: any Go string becomes valid JSON that decodes to the same
// text (with invalid UTF-8 replaced, as a browser decodes it).
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "plain", "\"\\\n\t\x00\x1f", "\u2028\u2029", "\xff\xfe", "日本語"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := appendString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%q -> %s: %v", s, b, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); utf8.ValidString(s) && got != want {
			t.Fatalf("%q -> %q", s, got)
		}
	})
}

func BenchmarkTextMessage(b *testing.B) {
	var e Encoder
	m := transport.Message{Data: []byte(`{"seq":12345,"p":"xxxxxxxxxxx"}`)}
	for b.Loop() {
		e.Reset()
		e.Message(1, m)
	}
}
