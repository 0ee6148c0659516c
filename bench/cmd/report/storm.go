package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/wasmsocket/wasmsocket/bench/storm/stormjson"
)

// Storm is docs/bench/storm.json, in the format the storm itself writes.
type Storm = stormjson.Report

func readStorm(path string) (*Storm, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Storm
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// dur prints milliseconds as "850 ms" below a second and "2.43 s" above,
// as the storm's own table does.
func dur(ms float64) string {
	if ms < 1000 {
		return strconv.FormatFloat(math.Round(ms), 'f', 0, 64) + " ms"
	}
	return strconv.FormatFloat(math.Round(ms/10)/100, 'f', -1, 64) + " s"
}

func durP(p *float64) string {
	if p == nil {
		return "never"
	}
	return dur(*p)
}

func stormSection(st *Storm, s *strings.Builder, png bool) {
	w := func(format string, args ...any) { fmt.Fprintf(s, format, args...) }
	t := table{s}
	set := st.Settings
	w("\n## 6. Reconnection storm\n\n")
	w("%s clients of the project's Go connection manager (natively, no browser), in one process with the test server, all connected; then the server drops every connection at once and refuses upgrades for %s, and the time until each client is back is recorded, once per jitter mode. ",
		group(strconv.Itoa(set.Clients)), dur(set.DownMS))
	w("Backoff %s initial, ×%s, %s maximum, unlimited attempts. Times are from the kill to the server accepting each reconnection; rates per %s bucket. ",
		dur(set.InitialMS), strconv.FormatFloat(set.Multiplier, 'f', -1, 64), dur(set.MaxMS), dur(set.BucketMS))
	w("From [bench/storm.json](bench/storm.json): `%s`, %s, %s %s/%s, %d CPUs, %s s in all.\n\n",
		st.Command, st.Date, st.Machine.GoVersion, st.Machine.GOOS, st.Machine.GOARCH, st.Machine.NumCPU, f(st.WallSeconds, 1))
	bk := dur(set.BucketMS)
	t.head("jitter", "clients", "all back within", "p50", "p99", "peak per "+bk, "mean per "+bk, "peak/mean", "attempts", "refused", "target")
	for _, r := range st.Results {
		back := durP(r.AllBackMS)
		if r.AllBackMS == nil {
			back = fmt.Sprintf("%d never back", r.NeverBack)
		}
		t.row(r.Jitter, group(strconv.Itoa(r.Clients)), back, durP(r.P50MS), durP(r.P99MS), strconv.Itoa(r.PeakPerBucket),
			f(r.MeanPerBucket, 1), f(r.PeakToMean, 2), group(strconv.FormatInt(r.Attempts, 10)), group(strconv.FormatInt(r.Refused, 10)), stormVerdict(r.BackTargetMet, r.PeakToMeanTargetMet))
	}
	w("\nTargets: every client back within %s of the kill (maximum delay + outage + 1 s); with full jitter, peak/mean ≤ %s (the mean over the buckets from the first reconnection to the last). The other modes are there for comparison.\n",
		dur(st.Targets.BackWithinMS), strconv.FormatFloat(st.Targets.PeakToMean, 'f', -1, 64))
	stormWhy(st, w)
	if png {
		w("\n![reconnection storm](bench/storm.png)\n")
	}
}

// stormWhy explains a missed peak/mean target with the run's own figures.
func stormWhy(st *Storm, w func(string, ...any)) {
	byJitter := map[string]int{}
	for i, r := range st.Results {
		byJitter[r.Jitter] = i
	}
	fi, ok := byJitter["full"]
	full := st.Results[fi]
	if !ok || full.PeakToMeanTargetMet == nil || *full.PeakToMeanTargetMet {
		return
	}
	w("\nWhy full jitter misses peak/mean ≤ %s: the mean is taken over the whole window from the first reconnection to the last (%s with full jitter), and full jitter makes that window long: a client whose first retry falls in the %s outage is refused (%s were) and draws its next delay from twice the range, so a sparse tail follows the bulk and lowers the mean. ",
		strconv.FormatFloat(st.Targets.PeakToMean, 'f', -1, 64), durP(full.AllBackMS), dur(st.Settings.DownMS), group(strconv.FormatInt(full.Refused, 10)))
	if ni, ok := byJitter["none"]; ok {
		none := st.Results[ni]
		most := 0
		for _, r := range st.Results {
			most = max(most, r.PeakPerBucket)
		}
		w("The ratio does not rank the modes by the load they put on the server: without jitter every client retries at the same instant, yet its ratio is lower (%s), because the test server on %d cores accepts at most ~%d handshakes per %s and so spreads that spike itself. ",
			f(none.PeakToMean, 2), st.Machine.NumCPU, most, dur(st.Settings.BucketMS))
		w("The peak, the load a real server must survive, is what jitter is for: %d per %s with full jitter against %d without.\n",
			full.PeakPerBucket, dur(st.Settings.BucketMS), none.PeakPerBucket)
	} else {
		w("\n")
	}
}

func stormVerdict(back bool, peak *bool) string {
	parts := []string{"back in time: " + met(back)}
	if peak != nil {
		parts = append(parts, "peak/mean: "+met(*peak))
	}
	return strings.Join(parts, "; ")
}
