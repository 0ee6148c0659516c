//go:build !unix

package main

// raiseFileLimit has nothing to raise where there is no RLIMIT_NOFILE;
// the storm fails at the ramp-up if the system runs out of sockets.
func raiseFileLimit(uint64) error { return nil }
