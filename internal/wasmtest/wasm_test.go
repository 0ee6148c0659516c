//go:build !js

// Package wasmtest runs the Go packages' tests a second time, compiled to
// WebAssembly and run by Node, against a test server this native test
// starts. It is how the manager's behaviour is proven on the transport it
// ships with in browsers: coder/websocket over a JavaScript WebSocket.
package wasmtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

// packages are those with tests that mean something under wasm.
var packages = []string{"./wasm/backoff", "./wasm/queue", "./wasm/transport", "./wasm/manager"}

func TestWasm(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the wasm tests run in `make test-wasm`")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is needed to run the wasm tests: ", err)
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	srv, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, ws := range websockets() {
		// Node's WebSocket with the client's inbox, ws with coder/websocket's
		// own receive path: both transports' receive paths, both runtimes.
		inbox := map[string]string{"builtin": "1"}[ws]
		// -p 1: the packages share one server, and some tests take it down.
		// -timeout: a hang inside fails with the inner test's stack dump.
		args := append([]string{"test", "-count=1", "-p=1", "-timeout=4m", "-exec", filepath.Join(root, "scripts", "go_js_wasm_exec")}, packages...)
		if testing.Verbose() {
			args = append(args, "-v")
		}
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "WASMSOCKET_TESTSERVER="+srv.URL, "WASMSOCKET_NODE_WS="+ws, "WASMSOCKET_NODE_INBOX="+inbox)
		// Streamed, not collected, so that a hang shows where it is.
		fmt.Printf("=== wasm tests with the WebSocket from %s (client inbox: %v)\n", ws, inbox == "1")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("wasm tests with the %s WebSocket failed: %v", ws, err)
		}
	}
}

// websockets lists the Node WebSocket implementations to run against:
// WASMSOCKET_NODE_WS picks one, else both.
func websockets() []string {
	if ws := os.Getenv("WASMSOCKET_NODE_WS"); ws != "" {
		return []string{ws}
	}
	return []string{"ws", "builtin"}
}
