//go:build !js

package testenv

import (
	"io"
	"net/http"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

// Server starts the test server and returns its http:// address.
func Server() (url string, stop func(), err error) {
	srv, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		return "", nil, err
	}
	return srv.URL, func() { srv.Close() }, nil
}

// client keeps no idle connections, which goroutine-leak checks would count.
var client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// Post sends an empty POST (the control API's verb) and returns the reply.
func Post(url string) (status int, body []byte, err error) {
	resp, err := client.Post(url, "text/plain", nil)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}
