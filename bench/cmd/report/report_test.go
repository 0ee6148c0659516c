package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFormatting(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{group("1234567"), "1,234,567"},
		{group("-1234.5"), "-1,234.5"},
		{group("123"), "123"},
		{f(31531.4, 0), "31,531"},
		{f(0.456, 2), "0.46"},
		{dur(850), "850 ms"},
		{dur(2430), "2.43 s"},
		{kib(2048), "2 KiB"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if s := fp(nil, 1); s != "n/a" {
		t.Errorf("nil: %q", s)
	}
}

// A run whose measurements all failed (nulls everywhere) must still give a
// page with every section and the targets marked not met, not a crash.
func TestReportFromFailedRun(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "docs", "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	doc := `{
	 "command": "node bench/browser/run.mjs --quick", "quick": true, "durationSeconds": 30,
	 "machine": {"cpu": "test", "cores": 2},
	 "config": {"reps": 1, "messages": 10, "sizes": [32], "memoryCheckpoints": [10]},
	 "libraries": [{"id": "websocket", "label": "WebSocket (plain)", "server": "Go", "baseline": null}],
	 "reactVariants": [{"id": "hand-written", "label": "hand-written", "observedVia": "x"}],
	 "targets": [{"id": "receive32", "target": "receive throughput 32 B ≥ 0.8× plain WebSocket", "measured": "n/a", "met": false}],
	 "transport": {"receive": [{"size": 32, "results": {"websocket": {"median": null, "runs": [null]}}}]},
	 "memory": {"checkpoints": [0, 10], "wasmsocket": {"samples": [{"messages": 0, "jsHeap": {"median": null}, "wasm": {"median": null}}, {"messages": 10, "jsHeap": {"median": null}, "wasm": {"median": null}}]}},
	 "errors": ["transport rep 1: timed out"]
	}`
	b, err := readBrowserBytes([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	charts := drawCharts(b, dir)
	md := markdown(b, nil, charts, false)
	for _, want := range []string{"## 1. Transport", "## 2. React", "## 3. Start-up", "## 4. Memory", "## 5. Size", "**not met**", "timed out", "n/a"} {
		if !strings.Contains(md, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if !charts["throughput.png"] {
		t.Errorf("throughput chart not drawn: %v", charts)
	}
}
