// Package stormjson is the format of docs/bench/storm.json: written by the
// reconnection storm (go run ./storm) and read by the benchmark report
// (go run ./cmd/report), so both sides share one definition.
package stormjson

// Report is storm.json.
type Report struct {
	// Command is the command line as typed from bench/; Args is os.Args
	// verbatim (under go run, Args[0] is a temporary binary).
	Command  string   `json:"command"`
	Args     []string `json:"args"`
	Date     string   `json:"date"`
	Machine  Machine  `json:"machine"`
	Settings Settings `json:"settings"`
	Targets  Targets  `json:"targets"`
	// WallSeconds is the whole run, ramp-ups and teardowns included.
	WallSeconds float64  `json:"wall_seconds"`
	Results     []Result `json:"results"`
}

// Machine is where the figures were measured: they depend on it.
type Machine struct {
	NumCPU    int    `json:"num_cpu"`
	GOOS      string `json:"goos"`
	GOARCH    string `json:"goarch"`
	GoVersion string `json:"go_version"`
}

// Settings are the flags the run used, durations in milliseconds.
type Settings struct {
	Clients    int      `json:"clients"`
	Jitters    []string `json:"jitters"`
	InitialMS  float64  `json:"initial_ms"`
	MaxMS      float64  `json:"max_ms"`
	Multiplier float64  `json:"multiplier"`
	DownMS     float64  `json:"down_ms"`
	BucketMS   float64  `json:"bucket_ms"`
	TimeoutMS  float64  `json:"timeout_ms"`
	Batch      int      `json:"ramp_batch"`
	// Server is "in-process" or "child process": where the test server
	// ran (a child when the open-file limit cannot hold both sides).
	Server string `json:"server"`
}

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
