package queue

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func newQ(t testing.TB, o Options) *Queue {
	t.Helper()
	q, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func push(t testing.TB, q *Queue, s string, p Priority) []Item {
	t.Helper()
	_, dropped, err := q.Push(Item{Data: []byte(s), Priority: p})
	if err != nil {
		t.Fatalf("push %q: %v", s, err)
	}
	return dropped
}

func drain(q *Queue) []string {
	var out []string
	for {
		it, _, ok := q.Pop(time.Time{})
		if !ok {
			return out
		}
		out = append(out, string(it.Data))
	}
}

func datas(items []Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, string(it.Data))
	}
	return out
}

func TestDefaultsAndInvalid(t *testing.T) {
	q := newQ(t, Options{})
	if o := q.Options(); o.MaxCount != 1000 || o.MaxBytes != 1<<20 || o.Overflow != Reject {
		t.Fatalf("defaults %+v", o)
	}
	for _, o := range []Options{{MaxCount: -1}, {MaxBytes: -5}, {Overflow: 9}} {
		if _, err := New(o); !errors.Is(err, ErrInvalid) {
			t.Errorf("New(%+v) err = %v", o, err)
		}
	}
}

func TestPriorityOrderFIFOWithin(t *testing.T) {
	q := newQ(t, Options{})
	push(t, q, "n1", Normal)
	push(t, q, "l1", Low)
	push(t, q, "h1", High)
	push(t, q, "n2", Normal)
	push(t, q, "h2", High)
	push(t, q, "l2", Low)
	want := []string{"h1", "h2", "n1", "n2", "l1", "l2"}
	if got := datas(q.Items()); !slices.Equal(got, want) {
		t.Fatalf("Items = %v", got)
	}
	if got := drain(q); !slices.Equal(got, want) {
		t.Fatalf("replay = %v, want %v", got, want)
	}
	if q.Len() != 0 || q.Bytes() != 0 {
		t.Fatalf("not empty: %d %d", q.Len(), q.Bytes())
	}
}

func TestRejectWhenFullByCountAndBytes(t *testing.T) {
	q := newQ(t, Options{MaxCount: 2, MaxBytes: 100})
	push(t, q, "a", Normal)
	push(t, q, "b", Normal)
	if _, _, err := q.Push(Item{Data: []byte("c")}); !errors.Is(err, ErrFull) {
		t.Fatalf("count bound: err = %v", err)
	}
	q = newQ(t, Options{MaxBytes: 10})
	push(t, q, "123456", Normal)
	if _, _, err := q.Push(Item{Data: []byte("12345")}); !errors.Is(err, ErrFull) {
		t.Fatalf("byte bound: err = %v", err)
	}
	if _, _, err := q.Push(Item{Data: make([]byte, 11)}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("oversized: err = %v", err)
	}
	if got := drain(q); !slices.Equal(got, []string{"123456"}) {
		t.Fatalf("a refused push changed the queue: %v", got)
	}
}

func TestDropNewestReportsTheDrop(t *testing.T) {
	q := newQ(t, Options{MaxCount: 2, Overflow: DropNewest})
	push(t, q, "a", Normal)
	push(t, q, "b", Normal)
	dropped := push(t, q, "c", High)
	if len(dropped) != 1 || string(dropped[0].Data) != "c" || dropped[0].Seq == 0 {
		t.Fatalf("dropped = %+v", dropped)
	}
	if got := drain(q); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("queue = %v", got)
	}
}

func TestDropOldestEvictsLowestPriorityFirst(t *testing.T) {
	q := newQ(t, Options{MaxCount: 3, Overflow: DropOldest})
	push(t, q, "h1", High)
	push(t, q, "l1", Low)
	push(t, q, "n1", Normal)
	if d := datas(push(t, q, "n2", Normal)); !slices.Equal(d, []string{"l1"}) {
		t.Fatalf("first eviction %v, want the low-priority message", d)
	}
	if d := datas(push(t, q, "n3", Normal)); !slices.Equal(d, []string{"n1"}) {
		t.Fatalf("second eviction %v, want the oldest normal", d)
	}
	// A low-priority message may not push out higher ones: it is dropped itself.
	if d := datas(push(t, q, "l2", Low)); !slices.Equal(d, []string{"l2"}) {
		t.Fatalf("low into a queue of higher ones dropped %v", d)
	}
	if got := drain(q); !slices.Equal(got, []string{"h1", "n2", "n3"}) {
		t.Fatalf("queue = %v", got)
	}
}

func TestDropOldestByBytesMayEvictSeveral(t *testing.T) {
	q := newQ(t, Options{MaxBytes: 10, Overflow: DropOldest})
	push(t, q, "aaa", Normal)
	push(t, q, "bbb", Normal)
	push(t, q, "ccc", Normal)
	if d := datas(push(t, q, "dddddddd", Normal)); !slices.Equal(d, []string{"aaa", "bbb", "ccc"}) {
		t.Fatalf("evicted %v", d)
	}
	if q.Bytes() != 8 || q.Len() != 1 {
		t.Fatalf("bytes %d len %d", q.Bytes(), q.Len())
	}
}

func TestTTLExpiresOnPopAndExpire(t *testing.T) {
	q := newQ(t, Options{})
	t0 := time.Unix(1000, 0)
	q.Push(Item{Data: []byte("old"), Deadline: t0.Add(time.Second)})
	q.Push(Item{Data: []byte("forever")})
	q.Push(Item{Data: []byte("soon"), Deadline: t0.Add(2 * time.Second)})
	if exp := q.Expire(t0.Add(1500 * time.Millisecond)); !slices.Equal(datas(exp), []string{"old"}) {
		t.Fatalf("Expire = %v", datas(exp))
	}
	it, exp, ok := q.Pop(t0.Add(3 * time.Second))
	if !ok || string(it.Data) != "forever" || len(exp) != 0 {
		t.Fatalf("Pop = %q %v %v", it.Data, datas(exp), ok)
	}
	_, exp, ok = q.Pop(t0.Add(3 * time.Second))
	if ok || !slices.Equal(datas(exp), []string{"soon"}) {
		t.Fatalf("expired on pop: %v ok=%v", datas(exp), ok)
	}
}

func TestPushFrontRestoresOrder(t *testing.T) {
	q := newQ(t, Options{MaxCount: 2})
	push(t, q, "a", Normal)
	push(t, q, "b", Normal)
	it, _, _ := q.Pop(time.Time{})
	push(t, q, "c", Normal)
	q.PushFront(it) // a failed write must not lose or reorder "a"
	if got := drain(q); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("order after PushFront: %v", got)
	}
}

func TestSeqIncreasesAndHighWater(t *testing.T) {
	q := newQ(t, Options{})
	s1, _, _ := q.Push(Item{Data: []byte("x")})
	s2, _, _ := q.Push(Item{Data: []byte("y")})
	if s2 <= s1 {
		t.Fatalf("seq %d then %d", s1, s2)
	}
	q.Pop(time.Time{})
	if q.HighWater() != 2 {
		t.Fatalf("high water %d", q.HighWater())
	}
	if n := q.Clear(); n != 1 || q.Len() != 0 || q.Bytes() != 0 {
		t.Fatalf("Clear = %d, len %d", n, q.Len())
	}
}

func TestNames(t *testing.T) {
	for p := Low; p <= High; p++ {
		if got, ok := ParsePriority(p.String()); !ok || got != p {
			t.Errorf("priority %v", p)
		}
	}
	for o := Reject; o <= DropNewest; o++ {
		if got, ok := ParseOverflow(o.String()); !ok || got != o {
			t.Errorf("overflow %v", o)
		}
	}
	if _, ok := ParseOverflow("explode"); ok {
		t.Error("unknown overflow parsed")
	}
	if _, ok := ParsePriority("urgent"); ok {
		t.Error("unknown priority parsed")
	}
}

// FuzzQueue checks the queue against a plain slice model: whatever the
// operations, bounds hold, nothing is lost (every message is either still
// queued, popped, refused or reported dropped) and order is by priority then
// arrival.
func FuzzQueue(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(3), uint8(20), uint8(0))
	f.Add([]byte{9, 9, 9, 1, 200, 3, 77, 4}, uint8(2), uint8(6), uint8(1))
	f.Add([]byte{5, 5, 5, 5, 128, 5, 5}, uint8(1), uint8(100), uint8(2))
	f.Fuzz(func(t *testing.T, ops []byte, maxCount, maxBytes, policy uint8) {
		q, err := New(Options{MaxCount: int(maxCount%8) + 1, MaxBytes: int(maxBytes%64) + 1, Overflow: Overflow(policy % 3)})
		if err != nil {
			t.Fatal(err)
		}
		accounted := map[uint64]bool{}
		pushed := 0
		var lastPopped [3]uint64
		for _, op := range ops {
			switch {
			case op >= 200: // pop
				it, _, ok := q.Pop(time.Time{})
				if ok {
					l := it.Priority.lane()
					if it.Seq <= lastPopped[l] {
						t.Fatalf("out of order within priority %v", it.Priority)
					}
					lastPopped[l] = it.Seq
					accounted[it.Seq] = true
				}
			default:
				p := Priority(int(op%3) - 1)
				seq, dropped, err := q.Push(Item{Data: make([]byte, op%10), Priority: p})
				switch {
				case err != nil:
					if !errors.Is(err, ErrFull) && !errors.Is(err, ErrTooLarge) {
						t.Fatal(err)
					}
				default:
					pushed++
					if seq == 0 {
						t.Fatal("accepted without a sequence number")
					}
					for _, d := range dropped {
						if accounted[d.Seq] {
							t.Fatalf("message %d dropped twice", d.Seq)
						}
						accounted[d.Seq] = true
					}
				}
			}
			o := q.Options()
			if q.Len() > o.MaxCount || q.Bytes() > o.MaxBytes || q.Len() < 0 {
				t.Fatalf("bounds broken: len %d bytes %d with %+v", q.Len(), q.Bytes(), o)
			}
			sum := 0
			for _, it := range q.Items() {
				sum += len(it.Data)
			}
			if sum != q.Bytes() || len(q.Items()) != q.Len() {
				t.Fatalf("bookkeeping: bytes %d vs %d", sum, q.Bytes())
			}
		}
		for _, it := range q.Items() {
			accounted[it.Seq] = true
		}
		if len(accounted) != pushed {
			t.Fatalf("%d messages accepted, %d accounted for", pushed, len(accounted))
		}
	})
}

func BenchmarkPushPop(b *testing.B) {
	q := newQ(b, Options{})
	msg := make([]byte, 32)
	for b.Loop() {
		q.Push(Item{Data: msg})
		q.Pop(time.Time{})
	}
}

func BenchmarkFillAndReplay1000(b *testing.B) {
	q := newQ(b, Options{})
	msg := make([]byte, 32)
	for b.Loop() {
		for i := range 1000 {
			q.Push(Item{Data: msg, Priority: Priority(i%3 - 1)})
		}
		for {
			if _, _, ok := q.Pop(time.Time{}); !ok {
				break
			}
		}
	}
}
