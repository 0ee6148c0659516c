package main

import (
	"math"
	"time"
)

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
