//go:build js && wasm

// Command wasmsocket is the WebAssembly module the JavaScript package loads.
package main

import (
	_ "github.com/wasmsocket/wasmsocket/wasm/manager" // linked so the size figures include the core
)

func main() { select {} }
