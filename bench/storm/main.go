// Command storm is the reconnection-storm benchmark: what happens when a
// server with many clients dies and comes back. It runs the project's own
// Go connection manager natively (no browser), thousands of instances in
// one process against the test server in-process, kills every connection
// at once through the control API with the server refusing upgrades for a
// while, and records when each client is back, once per jitter mode.
//
// From bench/:
//
//	go run ./storm            # 10,000 clients, four jitter modes
//	go run ./storm -quick     # 1,000 clients, a smoke run
//
// It writes storm.json and storm.png to -out and prints a Markdown table.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/wasmsocket/wasmsocket/wasm/backoff"
)

func main() {
	if need := os.Getenv(childEnv); need != "" {
		if err := childMain(need); err != nil {
			fmt.Fprintln(os.Stderr, "storm server:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "storm:", err)
		os.Exit(1)
	}
}

func run() error {
	clients := flag.Int("clients", 10000, "number of clients")
	jitters := flag.String("jitter", "full,equal,decorrelated,none", "jitter modes to run, comma-separated")
	initial := flag.Duration("initial", time.Second, "backoff initial delay")
	maxDelay := flag.Duration("max", 5*time.Second, "backoff maximum delay (multiplier 2)")
	down := flag.Duration("down", 500*time.Millisecond, "how long the server refuses upgrades after the kill")
	bucket := flag.Duration("bucket", 100*time.Millisecond, "width of an arrivals bucket")
	outDir := flag.String("out", "../docs/bench", "directory for storm.json and storm.png")
	quick := flag.Bool("quick", false, "smoke run: 1,000 clients (unless -clients is given)")
	flag.Parse()
	if *quick && !flagSet("clients") {
		*clients = 1000
	}
	if *clients < 1 || *bucket <= 0 || *down < 0 {
		return fmt.Errorf("-clients and -bucket must be positive, -down not negative")
	}
	var modes []backoff.Jitter
	for _, name := range strings.Split(*jitters, ",") {
		j, ok := backoff.ParseJitter(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("unknown jitter %q (full, equal, decorrelated, none)", name)
		}
		modes = append(modes, j)
	}
	policy := backoff.Policy{Initial: *initial, Max: *maxDelay, Multiplier: 2}
	if _, err := policy.Normalize(); err != nil {
		return err
	}
	// Two sockets per client in one process, or one here and one in a
	// child server when the limit cannot be raised that far.
	n := uint64(*clients)
	start := listenInProcess
	if err := raiseFileLimit(2*n + slack); err != nil {
		if err := raiseFileLimit(n + slack); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "storm: %v\nstorm: so the server runs in a child process, with its own open-file limit\n", err)
		start = func() (target, error) { return startChild(n + slack) }
	}

	began := time.Now()
	goroutines := runtime.NumGoroutine()
	cfg := Config{Clients: *clients, Down: *down, Timeout: *maxDelay + *down + 10*time.Second, Batch: 500}
	tg := Targets{BackWithinMS: ms(*maxDelay + *down + time.Second), PeakToMean: 2}
	rep := Report{
		Command: strings.Join(append([]string{"go run ./storm"}, os.Args[1:]...), " "),
		Args:    os.Args,
		Date:    stamp(began),
		Machine: Machine{NumCPU: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, GoVersion: runtime.Version()},
		Settings: Settings{Clients: *clients, InitialMS: ms(*initial), MaxMS: ms(*maxDelay), Multiplier: 2,
			DownMS: ms(*down), BucketMS: ms(*bucket), TimeoutMS: ms(cfg.Timeout), Batch: cfg.Batch},
		Targets: tg,
	}

	srv, err := start()
	if err != nil {
		return err
	}
	rep.Settings.Server = srv.Where()
	for _, j := range modes {
		rep.Settings.Jitters = append(rep.Settings.Jitters, j.String())
		cfg.Backoff = policy
		cfg.Backoff.Jitter = j
		fmt.Fprintf(os.Stderr, "storm: %s jitter, %d clients...", j, cfg.Clients)
		start := time.Now()
		out, err := storm(srv, cfg)
		if err != nil {
			srv.Close()
			return fmt.Errorf("%s jitter: %w", j, err)
		}
		r := analyse(j.String(), out, *bucket, tg)
		rep.Results = append(rep.Results, r)
		fmt.Fprintf(os.Stderr, " %d back (clients: %d, last after %s), %d attempts, %d refused, ramp %s, teardown %s, %s in all\n",
			r.Back, out.ClientBack, out.ClientLast.Round(time.Millisecond), r.Attempts, r.Refused, out.Ramp.Round(time.Millisecond),
			out.Teardown.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
		if err := srv.Reset(); err != nil { // counters and faults start clean for the next mode
			srv.Close()
			return err
		}
	}
	if err := srv.Close(); err != nil {
		return err
	}
	rep.WallSeconds = time.Since(began).Round(time.Millisecond).Seconds()

	jsonPath, pngPath, err := output(*outDir, rep)
	if err != nil {
		return err
	}
	fmt.Print(markdown(rep))
	fmt.Fprintf(os.Stderr, "storm: wrote %s and %s in %.1f s\n", jsonPath, pngPath, rep.WallSeconds)
	if left := settle(goroutines); left > goroutines {
		return fmt.Errorf("goroutine leak: %d goroutines at the start, %d at the end", goroutines, left)
	}
	return nil
}

// slack is the open files needed besides the sockets of established
// connections: the listener, refused attempts being torn down, the
// runtime's own.
const slack = 1024

// childMain is the server child process (see target.go): need is the
// open-file limit it must have, passed by the parent.
func childMain(need string) error {
	n, err := strconv.ParseUint(need, 10, 64)
	if err != nil {
		return fmt.Errorf("bad %s=%q", childEnv, need)
	}
	if err := raiseFileLimit(n); err != nil {
		return err
	}
	return serveChild()
}

// flagSet reports whether the flag was given on the command line.
func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// settle waits up to five seconds for the goroutine count to come down to
// want (goroutines that closed their last socket may still be returning)
// and returns the count.
func settle(want int) int {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
}
