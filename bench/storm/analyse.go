package main

import (
	"math"
	"time"
)

// Result is one jitter mode's figures as storm.json records them. Times
// are in milliseconds after the kill, taken when the server accepted each
// reconnection (Outcome.Arrivals); a figure that does not exist because
// some clients never came back is null.
type Result struct {
	Jitter    string `json:"jitter"`
	Clients   int    `json:"clients"`
	Back      int    `json:"back"`
	NeverBack int    `json:"never_back"`
	// AllBackMS is when the last client was back; null unless all were.
	AllBackMS *float64 `json:"all_back_ms"`
	FirstMS   *float64 `json:"first_back_ms"`
	// ClientAllBackMS is when the last client's EventOpen was dispatched,
	// null unless all were: later than AllBackMS by the time the clients,
	// all in one process, took to hear of their reconnection.
	ClientAllBackMS *float64 `json:"client_all_back_ms"`
	// P50MS and P99MS are over all clients, counting one that never came
	// back as infinitely late (so null if that is where the rank falls).
	P50MS *float64 `json:"p50_ms"`
	P99MS *float64 `json:"p99_ms"`
	// PeakPerBucket is the largest number of reconnections in one bucket,
	// the one starting at PeakAtMS.
	PeakPerBucket int     `json:"peak_per_bucket"`
	PeakAtMS      float64 `json:"peak_at_ms"`
	// MeanPerBucket averages over the buckets from the first arrival's to
	// the last's, both included: the rate the server had to absorb while
	// the storm lasted.
	MeanPerBucket float64 `json:"mean_per_bucket"`
	PeakToMean    float64 `json:"peak_to_mean"`
	// Attempts counts the reconnection attempts scheduled after the kill,
	// successful or not; Refused those the server refused while down.
	Attempts int64   `json:"attempts"`
	Refused  int64   `json:"refused"`
	RampMS   float64 `json:"ramp_ms"`
	CloseMS  float64 `json:"teardown_ms"`
	// Targets: see Targets in storm.json.
	BackTargetMet       bool  `json:"back_target_met"`
	PeakToMeanTargetMet *bool `json:"peak_to_mean_target_met"` // null: no target for this mode
	TargetMet           bool  `json:"target_met"`
	// ArrivalsPerBucket[i] counts reconnections in [i·bucket, (i+1)·bucket)
	// after the kill, up to the last arrival's bucket.
	ArrivalsPerBucket []int `json:"arrivals_per_bucket"`
}

// Targets are what the storm is judged against.
type Targets struct {
	// BackWithinMS: every client back no later than the maximum backoff
	// delay plus the outage plus one second after the kill, which is one
	// second over the maximum delay counted from when the server returns.
	BackWithinMS float64 `json:"back_within_ms"`
	// PeakToMean bounds the peak-to-mean ratio under full jitter only:
	// the other modes are there to show what full jitter avoids.
	PeakToMean float64 `json:"peak_to_mean_full_jitter"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func msPtr(d time.Duration) *float64 { v := ms(d); return &v }

// analyse turns one storm's arrivals into its figures.
func analyse(jitter string, out Outcome, bucket time.Duration, tg Targets) Result {
	r := Result{
		Jitter:    jitter,
		Clients:   out.Clients,
		Back:      len(out.Arrivals),
		NeverBack: out.Clients - len(out.Arrivals),
		Attempts:  out.Attempts,
		Refused:   out.Refused,
		RampMS:    math.Round(ms(out.Ramp)),
		CloseMS:   math.Round(ms(out.Teardown)),
	}
	a := out.Arrivals // sorted
	if len(a) > 0 {
		r.FirstMS = msPtr(a[0])
		var peakAt int
		r.ArrivalsPerBucket, r.PeakPerBucket, peakAt, r.MeanPerBucket = spread(a, bucket)
		r.PeakAtMS = ms(time.Duration(peakAt) * bucket)
		r.PeakToMean = float64(r.PeakPerBucket) / r.MeanPerBucket
	}
	if out.ClientBack == out.Clients && out.Clients > 0 {
		r.ClientAllBackMS = msPtr(out.ClientLast)
	}
	if r.NeverBack == 0 && len(a) > 0 {
		r.AllBackMS = msPtr(a[len(a)-1])
	}
	r.P50MS = percentile(a, out.Clients, 0.50)
	r.P99MS = percentile(a, out.Clients, 0.99)

	r.BackTargetMet = r.AllBackMS != nil && *r.AllBackMS <= tg.BackWithinMS
	r.TargetMet = r.BackTargetMet
	if jitter == "full" {
		met := len(a) > 0 && r.PeakToMean <= tg.PeakToMean
		r.PeakToMeanTargetMet = &met
		r.TargetMet = r.TargetMet && met
	}
	return r
}

// index is the bucket an arrival falls in; negative times (impossible:
// the server was down) would land in bucket 0 rather than panic.
func index(d, bucket time.Duration) int { return max(0, int(d/bucket)) }

// spread counts sorted (non-empty) times per bucket from 0 and finds the
// peak bucket and the mean over the buckets from the first time's to the
// last's, both included.
func spread(sorted []time.Duration, bucket time.Duration) (counts []int, peak, peakAt int, mean float64) {
	first, last := index(sorted[0], bucket), index(sorted[len(sorted)-1], bucket)
	counts = make([]int, last+1)
	for _, d := range sorted {
		counts[index(d, bucket)]++
	}
	for i, n := range counts {
		if n > peak {
			peak, peakAt = n, i
		}
	}
	return counts, peak, peakAt, float64(len(sorted)) / float64(last-first+1)
}

// percentile is the nearest-rank percentile over n clients of which the
// arrivals are those that came back; the rest rank last, as never.
func percentile(sorted []time.Duration, n int, p float64) *float64 {
	if n == 0 {
		return nil
	}
	rank := int(math.Ceil(p*float64(n))) - 1
	rank = min(max(rank, 0), n-1)
	if rank >= len(sorted) {
		return nil
	}
	return msPtr(sorted[rank])
}
