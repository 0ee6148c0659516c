//go:build !js

package bridge

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The operation codes are written twice, in api.go and in the client's
// loader.ts; this keeps them the same. (It reads the Go file as text: the
// package itself builds only for js/wasm.)
func TestOperationCodesMatchTheClient(t *testing.T) {
	goSrc, err := os.ReadFile("api.go")
	if err != nil {
		t.Fatal(err)
	}
	tsSrc, err := os.ReadFile("../../js/src/loader.ts")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)const \(\n\topSetEmitter = iota\n(.*?)\n\)`).FindSubmatch(goSrc)
	if block == nil {
		t.Fatal("no op block in api.go")
	}
	goOps := map[string]int{"setemitter": 0}
	n := 1
	for _, line := range strings.Split(string(block[1]), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "op") {
			goOps[strings.ToLower(strings.TrimPrefix(line, "op"))] = n
			n++
		}
	}
	tsOps := map[string]int{}
	for _, m := range regexp.MustCompile(`\n  (\w+): (\d+),`).FindAllStringSubmatch(string(tsSrc), -1) {
		var v int
		for _, c := range m[2] {
			v = v*10 + int(c-'0')
		}
		tsOps[strings.ToLower(m[1])] = v
	}
	if len(goOps) != len(tsOps) || len(goOps) < 10 {
		t.Fatalf("Go has %d operations, the client %d", len(goOps), len(tsOps))
	}
	for name, v := range goOps {
		if tsOps[name] != v {
			t.Errorf("operation %s: Go %d, client %d", name, v, tsOps[name])
		}
	}
}
