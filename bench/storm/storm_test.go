package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/backoff"
)

// TestMain lets the test binary be the server child process too, as the
// command is, so the child path is tested as it runs.
func TestMain(m *testing.M) {
	if need := os.Getenv(childEnv); need != "" {
		if err := childMain(need); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestStorm runs the real simulation small and fast: every client must
// come back, every arrival must be counted once, and nothing may be left
// running afterwards.
func TestStorm(t *testing.T) { testStorm(t, 200, listenInProcess) }

// TestStormChild is the same against a server in a child process.
func TestStormChild(t *testing.T) {
	testStorm(t, 100, func() (target, error) { return startChild(100 + slack) })
}

func testStorm(t *testing.T, n int, start func() (target, error)) {
	if err := raiseFileLimit(2*uint64(n) + slack); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	srv, err := start()
	if err != nil {
		t.Fatal(err)
	}
	policy := backoff.Policy{Initial: 200 * time.Millisecond, Max: time.Second, Multiplier: 2, Jitter: backoff.Full}
	down := 200 * time.Millisecond
	out, err := storm(srv, Config{Clients: n, Backoff: policy, Down: down, Timeout: 10 * time.Second, Batch: 50})
	if cerr := srv.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	tg := Targets{BackWithinMS: ms(policy.Max + down + time.Second), PeakToMean: 2}
	r := analyse("full", out, 50*time.Millisecond, tg)
	sum := 0
	for _, a := range r.ArrivalsPerBucket {
		sum += a
	}
	if r.Back != n || r.NeverBack != 0 || sum != n || r.ClientAllBackMS == nil {
		t.Fatalf("back %d, never back %d, arrivals summed %d; want %d, 0, %d", r.Back, r.NeverBack, sum, n, n)
	}
	// Nobody can be back while the server refuses, and with full jitter
	// some clients retry while it is down, which the server counts.
	if *r.FirstMS < ms(down) {
		t.Errorf("first client back after %v ms, before the server came back at %v", *r.FirstMS, ms(down))
	}
	if r.Attempts < int64(n) || r.Refused < 1 {
		t.Errorf("%d attempts and %d refusals for %d clients", r.Attempts, r.Refused, n)
	}
	if *r.P50MS > *r.P99MS || *r.P99MS > *r.AllBackMS {
		t.Errorf("p50 %v, p99 %v, all back %v: out of order", *r.P50MS, *r.P99MS, *r.AllBackMS)
	}
	if left := settle(before); left > before {
		t.Errorf("goroutines: %d before, %d after", before, left)
	}
}

func TestAnalyse(t *testing.T) {
	ms := time.Millisecond
	out := Outcome{Clients: 5, Arrivals: []time.Duration{510 * ms, 520 * ms, 590 * ms, 650 * ms, 900 * ms}}
	r := analyse("full", out, 100*ms, Targets{BackWithinMS: 6500, PeakToMean: 2})
	want := []int{0, 0, 0, 0, 0, 3, 1, 0, 0, 1}
	if len(r.ArrivalsPerBucket) != len(want) {
		t.Fatalf("buckets %v, want %v", r.ArrivalsPerBucket, want)
	}
	for i := range want {
		if r.ArrivalsPerBucket[i] != want[i] {
			t.Fatalf("buckets %v, want %v", r.ArrivalsPerBucket, want)
		}
	}
	// 5 arrivals over buckets 5..9: mean 1, peak 3 at 500 ms.
	if r.PeakPerBucket != 3 || r.PeakAtMS != 500 || r.MeanPerBucket != 1 || r.PeakToMean != 3 {
		t.Errorf("peak %d at %v, mean %v, ratio %v", r.PeakPerBucket, r.PeakAtMS, r.MeanPerBucket, r.PeakToMean)
	}
	if *r.P50MS != 590 || *r.P99MS != 900 || *r.AllBackMS != 900 {
		t.Errorf("p50 %v, p99 %v, all back %v", *r.P50MS, *r.P99MS, *r.AllBackMS)
	}
	if !r.BackTargetMet || r.PeakToMeanTargetMet == nil || *r.PeakToMeanTargetMet || r.TargetMet {
		t.Errorf("targets: back %v, peak/mean %v, overall %v", r.BackTargetMet, r.PeakToMeanTargetMet, r.TargetMet)
	}

	// One client of five never came back: no "all back", p99 is never,
	// and only full jitter has a peak-to-mean target.
	out.Clients = 6
	r = analyse("none", out, 100*ms, Targets{BackWithinMS: 6500, PeakToMean: 2})
	if r.NeverBack != 1 || r.AllBackMS != nil || r.P99MS != nil || *r.P50MS != 590 ||
		r.PeakToMeanTargetMet != nil || r.TargetMet {
		t.Errorf("with a client missing: %+v", r)
	}
}

// TestOutput renders a report as the command does.
func TestOutput(t *testing.T) {
	out := Outcome{Clients: 3, Arrivals: []time.Duration{600 * time.Millisecond, 700 * time.Millisecond, 1200 * time.Millisecond}}
	tg := Targets{BackWithinMS: 6500, PeakToMean: 2}
	rep := Report{
		Command:  "go run ./storm -quick",
		Date:     stamp(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)),
		Settings: Settings{Clients: 3, InitialMS: 1000, MaxMS: 5000, Multiplier: 2, DownMS: 500, BucketMS: 100},
		Targets:  tg,
		Results:  []Result{analyse("full", out, 100*time.Millisecond, tg), analyse("none", out, 100*time.Millisecond, tg)},
	}
	dir := t.TempDir()
	jsonPath, pngPath, err := output(dir, rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{jsonPath, pngPath} {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	if filepath.Dir(jsonPath) != dir {
		t.Errorf("wrote %s outside %s", jsonPath, dir)
	}
	md := markdown(rep)
	for _, s := range []string{"| full | 3 | 1.2 s | 1 | 0.4 | 2.33 | 700 ms | 1.2 s | no: peak/mean 2.33 > 2 |", "| none |", "6.5 s"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
}
