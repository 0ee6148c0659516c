// Command report turns the benchmark results into charts and a page:
//
//	cd bench && go run ./cmd/report [-root ..]
//
// It reads docs/bench/browser.json (written by node bench/browser/run.mjs)
// and, if present, docs/bench/storm.json (written by go run ./storm), writes
// PNG charts into docs/bench/ with the bench/chart package and writes
// docs/BENCHMARKS.md. It measures nothing itself.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

func main() {
	root := flag.String("root", "..", "the repository root (the parent of bench/)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("report: ")

	docs := filepath.Join(*root, "docs")
	out := filepath.Join(docs, "bench")
	b, err := readBrowser(filepath.Join(out, "browser.json"))
	if err != nil {
		log.Fatalf("%v (run node bench/browser/run.mjs first)", err)
	}
	storm, err := readStorm(filepath.Join(out, "storm.json"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		log.Fatalf("storm.json: %v", err)
	}
	if storm == nil {
		fmt.Println("report: no docs/bench/storm.json: the storm section is skipped")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}
	charts := drawCharts(b, out)
	md := markdown(b, storm, charts, fileExists(filepath.Join(out, "storm.png")))
	path := filepath.Join(docs, "BENCHMARKS.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		log.Fatal(err)
	}
	for _, c := range slices.Sorted(maps.Keys(charts)) {
		fmt.Printf("report: wrote docs/bench/%s\n", c)
	}
	fmt.Println("report: wrote docs/BENCHMARKS.md")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
