// Command testserver runs the WebSocket test server used by the client
// library's tests, benchmarks and demos:
//
//	go run ./testserver -addr 127.0.0.1:8080 -static DIR
//
// It prints one line with the URLs it listens on and stops cleanly on
// SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (port 0 picks a free port)")
	static := flag.String("static", "", "directory served at / (optional)")
	verbose := flag.Bool("v", false, "log connections and control actions to stderr")
	flag.Parse()

	if *static != "" {
		if fi, err := os.Stat(*static); err != nil || !fi.IsDir() {
			fmt.Fprintf(os.Stderr, "testserver: -static %q is not a directory\n", *static)
			os.Exit(2)
		}
	}
	opts := server.Options{StaticDir: *static}
	if *verbose {
		opts.Logf = log.New(os.Stderr, "testserver: ", log.LstdFlags|log.Lmicroseconds).Printf
	}

	run, err := server.Listen(*addr, opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "testserver: %v\n", err)
		os.Exit(1)
	}
	// Scripts wait for this exact line to learn the port, so it goes out
	// in one write (os.Stdout is unbuffered) and nothing else is printed.
	fmt.Fprintf(os.Stdout, "testserver: listening on %s (%s/ws/echo)\n", run.URL, run.WSURL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	<-ctx.Done()
	stop() // a second signal now kills the process the default way

	if err := run.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "testserver: shutdown: %v\n", err)
		os.Exit(1)
	}
}
