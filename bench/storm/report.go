package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wasmsocket/wasmsocket/bench/chart"
	"github.com/wasmsocket/wasmsocket/bench/storm/stormjson"
)

// The storm.json format lives in package stormjson, which the report reads.
type (
	Report   = stormjson.Report
	Machine  = stormjson.Machine
	Settings = stormjson.Settings
	Targets  = stormjson.Targets
	Result   = stormjson.Result
)

func writeJSON(path string, rep Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// writeChart plots arrivals per bucket, one line per mode, on a common x
// axis long enough for the slowest mode (the others are 0 past their end).
func writeChart(path string, rep Report) error {
	n := 0
	for _, r := range rep.Results {
		n = max(n, len(r.ArrivalsPerBucket))
	}
	if n == 0 {
		return fmt.Errorf("no arrivals to plot")
	}
	bucket := rep.Settings.BucketMS / 1000
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i) * bucket
	}
	series := make([]chart.Series, len(rep.Results))
	for i, r := range rep.Results {
		v := make([]float64, n)
		for j, a := range r.ArrivalsPerBucket {
			v[j] = float64(a)
		}
		name := r.Jitter + " jitter"
		if r.Jitter == "none" {
			name = "no jitter"
		}
		series[i] = chart.Series{Name: name, Values: v}
	}
	s := rep.Settings
	title := fmt.Sprintf("Reconnection storm: %s clients, server down %s, backoff %s to %s",
		thousands(s.Clients), dur(s.DownMS), dur(s.InitialMS), dur(s.MaxMS))
	return chart.Lines(path, title, "seconds after the kill (bucket start)",
		"reconnections per "+dur(s.BucketMS), xs, series)
}

// markdown is the table for the docs, followed by what it measured.
func markdown(rep Report) string {
	var b strings.Builder
	s := rep.Settings
	bk := dur(s.BucketMS)
	fmt.Fprintf(&b, "| jitter | clients | back within | peak per %s | mean per %s | peak/mean | p50 | p99 | target met? |\n", bk, bk)
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range rep.Results {
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %.1f | %.2f | %s | %s | %s |\n",
			r.Jitter, thousands(r.Clients), backWithin(r), r.PeakPerBucket, r.MeanPerBucket,
			r.PeakToMean, msText(r.P50MS), msText(r.P99MS), verdict(r, rep.Targets))
	}
	fmt.Fprintf(&b, "\nTimes are from the kill (the server dropping every connection and refusing upgrades for %s) "+
		"to the server accepting each reconnection (registering it, just before its 101 response). Targets: every client back within max + down + 1 s = %s of the kill "+
		"(one second over the %s maximum delay, counted from when the server accepts again); with full jitter, "+
		"peak/mean ≤ %g, the mean taken over the %s buckets from the first reconnection to the last. "+
		"Backoff %s initial, ×%g, %s maximum, unlimited attempts; test server %s; %s, GOOS=%s GOARCH=%s, %d CPUs, %s; `%s`.\n",
		dur(s.DownMS), dur(rep.Targets.BackWithinMS), dur(s.MaxMS), rep.Targets.PeakToMean, bk,
		dur(s.InitialMS), s.Multiplier, dur(s.MaxMS), s.Server, rep.Machine.GoVersion, rep.Machine.GOOS,
		rep.Machine.GOARCH, rep.Machine.NumCPU, rep.Date[:10], rep.Command)
	var heard []string
	for _, r := range rep.Results {
		if r.ClientAllBackMS != nil {
			heard = append(heard, r.Jitter+" "+dur(*r.ClientAllBackMS))
		}
	}
	if len(heard) > 0 {
		fmt.Fprintf(&b, "\nThe last client's own open event came at: %s (the clients share one process and its CPUs, "+
			"so under load they hear of their reconnection later than the server accepts it).\n", strings.Join(heard, ", "))
	}
	return b.String()
}

func backWithin(r Result) string {
	if r.AllBackMS != nil {
		return dur(*r.AllBackMS)
	}
	return fmt.Sprintf("%d never back", r.NeverBack)
}

func verdict(r Result, tg Targets) string {
	var misses []string
	if !r.BackTargetMet {
		if r.AllBackMS != nil {
			misses = append(misses, fmt.Sprintf("back %s > %s", dur(*r.AllBackMS), dur(tg.BackWithinMS)))
		} else {
			misses = append(misses, "not all back")
		}
	}
	if r.PeakToMeanTargetMet != nil && !*r.PeakToMeanTargetMet {
		misses = append(misses, fmt.Sprintf("peak/mean %.2f > %g", r.PeakToMean, tg.PeakToMean))
	}
	if len(misses) == 0 {
		if r.PeakToMeanTargetMet != nil {
			return "yes (both)"
		}
		return "yes (time)"
	}
	return "no: " + strings.Join(misses, ", ")
}

func msText(v *float64) string {
	if v == nil {
		return "never"
	}
	return dur(*v)
}

// dur prints milliseconds as "850 ms" below a second and "2.43 s" above.
func dur(msv float64) string {
	if msv < 1000 {
		return strconv.FormatFloat(math.Round(msv), 'f', 0, 64) + " ms"
	}
	return strconv.FormatFloat(math.Round(msv/10)/100, 'f', -1, 64) + " s"
}

// thousands writes 10000 as 10,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// output writes storm.json and storm.png into dir.
func output(dir string, rep Report) (jsonPath, pngPath string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	jsonPath, pngPath = filepath.Join(dir, "storm.json"), filepath.Join(dir, "storm.png")
	if err := writeJSON(jsonPath, rep); err != nil {
		return "", "", err
	}
	return jsonPath, pngPath, writeChart(pngPath, rep)
}

// stamp is the run's date in UTC, to the second.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
