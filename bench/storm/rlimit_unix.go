//go:build unix

package main

import (
	"fmt"
	"syscall"
)

// raiseFileLimit makes room for need open files. Go already lifts the soft
// limit to the hard one at start-up, but each client costs two sockets in
// this one process (its own and the server's), so 10,000 clients need
// more than a common hard limit of 20,000. Raising the hard limit works
// only with privilege (root or CAP_SYS_RESOURCE); otherwise it fails with
// what to do.
func raiseFileLimit(need uint64) error {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return fmt.Errorf("reading the open-file limit: %w", err)
	}
	if r.Cur >= need {
		return nil
	}
	want := syscall.Rlimit{Cur: r.Max, Max: r.Max}
	if r.Max < need {
		want = syscall.Rlimit{Cur: need, Max: need}
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err != nil {
		return fmt.Errorf("need %d open files (two sockets per client plus slack) but the limit is %d (hard %d) "+
			"and raising it failed: %v; raise it first (ulimit -Hn %d && ulimit -n %d, as root) or use fewer -clients",
			need, r.Cur, r.Max, err, need, need)
	}
	return nil
}
