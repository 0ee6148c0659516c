//go:build js && wasm

// Command wasmsocket is the WebAssembly module the JavaScript package
// (@wasmsocket/client) loads: it registers the bridge and stays alive.
package main

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmsocket/wasmsocket/wasm/bridge"
)

func main() {
	if err := bridge.Start(); err != nil {
		if console, e := safejs.Global().Get("console"); e == nil {
			console.Call("error", "wasmsocket: could not start: "+err.Error())
		}
		return
	}
	select {} // serve calls from JavaScript for the life of the page
}
