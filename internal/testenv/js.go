//go:build js && wasm

package testenv

import (
	"errors"
	"os"
	"syscall/js"
)

// Server returns the address of the server the native runner started.
func Server() (url string, stop func(), err error) {
	url = os.Getenv(EnvServer)
	if url == "" {
		return "", nil, errors.New(EnvServer + " is not set: run the wasm tests with `make test-wasm`, which starts the server")
	}
	return url, func() {}, nil
}

// Post calls fetch directly: Go's net/http does not use fetch under Node.
func Post(url string) (status int, body []byte, err error) {
	type result struct {
		status int
		body   []byte
		err    error
	}
	done := make(chan result, 1)
	var st int
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	onBody := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{status: st, body: []byte(args[0].String())}
		return nil
	})
	onResp := js.FuncOf(func(_ js.Value, args []js.Value) any {
		st = args[0].Get("status").Int()
		args[0].Call("text").Call("then", onBody, onErr)
		return nil
	})
	defer func() { onErr.Release(); onBody.Release(); onResp.Release() }()
	js.Global().Call("fetch", url, map[string]any{"method": "POST"}).Call("then", onResp, onErr)
	r := <-done
	return r.status, r.body, r.err
}
