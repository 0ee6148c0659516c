//go:build js && wasm

// Command wasmsocket is the WebAssembly module the JavaScript package
// (@wasmsocket/client) loads: it registers the bridge and stays alive.
package main

import (
	"runtime/debug"

	"github.com/hack-pad/safejs"
	"github.com/wasmsocket/wasmsocket/wasm/bridge"
)

func main() {
	// WebAssembly memory never shrinks: it keeps the Go heap's high-water
	// mark for the life of the page. Collecting at 1.5x the live heap
	// instead of 2x held it flat at 8.75 MiB through a million received
	// messages, where the default grew to 11.75 MiB (make bench, memory),
	// with receive throughput unchanged within the noise.
	debug.SetGCPercent(50)
	if err := bridge.Start(); err != nil {
		if console, e := safejs.Global().Get("console"); e == nil {
			console.Call("error", "wasmsocket: could not start: "+err.Error())
		}
		return
	}
	select {} // serve calls from JavaScript for the life of the page
}
