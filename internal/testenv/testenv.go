// Package testenv gives Go tests the real test server the same way natively
// and under wasm: natively it starts one in-process; under wasm (where a
// test cannot listen) the native runner in internal/wasmtest starts it and
// passes its address in WASMSOCKET_TESTSERVER.
package testenv

import (
	"encoding/json"
	"fmt"
)

// EnvServer names the variable that carries the server's http:// address
// into wasm tests.
const EnvServer = "WASMSOCKET_TESTSERVER"

// Control calls the test server's control API at base (its http://
// address) and returns the JSON reply.
func Control(base, action, query string) ([]byte, error) {
	status, body, err := Post(base + "/control/" + action + "?" + query)
	if err != nil {
		return nil, fmt.Errorf("control %s: %w", action, err)
	}
	if status != 200 {
		return nil, fmt.Errorf("control %s?%s: %d %s", action, query, status, body)
	}
	return body, nil
}

// Stats is the part of GET /control/stats the client's tests read.
type Stats struct {
	Open             int   `json:"open"`
	TotalConnections int64 `json:"total_connections"`
	Refused          int64 `json:"refused"`
	Connections      []struct {
		ID     uint64 `json:"id"`
		Client string `json:"client"`
	} `json:"connections"`
}

// GetStats reads the server's counters.
func GetStats(base string) (Stats, error) {
	var s Stats
	body, err := Control(base, "stats", "")
	if err == nil {
		err = json.Unmarshal(body, &s)
	}
	return s, err
}

// OpenFor counts the open connections tagged ?client=tag.
func (s Stats) OpenFor(tag string) int {
	n := 0
	for _, c := range s.Connections {
		if c.Client == tag {
			n++
		}
	}
	return n
}
