package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/wasmsocket/wasmsocket/bench/chart"
)

// Chart files, by what they show.
type Charts struct {
	Throughput, Ratio, Latency, React, Startup, Memory, SizesJS, SizesDownload string
}

// shortLabel names a library in a chart legend, where space is short.
func shortLabel(id string) string {
	switch id {
	case "websocket":
		return "WebSocket"
	case "wasmsocket":
		return "@wasmsocket/client"
	case "websocket-node":
		return "WebSocket (Node server)"
	case "socket.io":
		return "socket.io (Node server)"
	}
	return id
}

func sizeLabel(n int) string {
	if n == 1024 {
		return "1 KiB"
	}
	return fmt.Sprintf("%d B", n)
}

// drawCharts writes the charts it can and returns the names of those it
// wrote; a chart whose data is missing (a failed measurement) is reported
// and left out, so the page still shows every table.
func drawCharts(b *Browser, dir string) map[string]bool {
	written := map[string]bool{}
	keep := func(name string, err error) {
		if err != nil {
			fmt.Fprintf(os.Stderr, "report: %s not drawn: %v\n", name, err)
			return
		}
		written[name] = true
	}
	c := Charts{
		Throughput:    "throughput.png",
		Ratio:         "throughput-ratio.png",
		Latency:       "latency.png",
		React:         "react.png",
		Startup:       "startup.png",
		Memory:        "memory.png",
		SizesJS:       "sizes-js.png",
		SizesDownload: "sizes-download.png",
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	runs := fmt.Sprintf("median of %d runs", b.Config.Reps)

	// Throughput and its ratio, receive sizes then send.
	var cats []string
	for _, r := range b.Transport.Receive {
		cats = append(cats, "receive "+sizeLabel(r.Size))
	}
	cats = append(cats, "send "+sizeLabel(b.Transport.Send.Size))
	var rate, ratio []chart.Series
	for _, l := range b.Libraries {
		var rs, qs []float64
		for _, r := range b.Transport.Receive {
			rs = append(rs, r.Results[l.ID].M())
			qs = append(qs, val(r.Results[l.ID].Ratio))
		}
		s := b.Transport.Send.Results[l.ID]
		rs = append(rs, s.M())
		qs = append(qs, val(s.Ratio))
		rate = append(rate, chart.Series{Name: shortLabel(l.ID), Values: rs})
		ratio = append(ratio, chart.Series{Name: shortLabel(l.ID), Values: qs})
	}
	keep(c.Throughput, chart.Bars(p(c.Throughput), fmt.Sprintf("Throughput, bursts of %d messages (%s)", b.Config.Messages, runs),
		"messages per second", cats, rate, 0, ""))
	keep(c.Ratio, chart.Bars(p(c.Ratio), "Throughput relative to a plain WebSocket against the same server",
		"ratio (1 = plain WebSocket)", cats, ratio, 0.8, "0.8x: the receive target"))

	var lat []chart.Series
	for _, l := range b.Libraries {
		r := b.Transport.RTT.Results[l.ID]
		lat = append(lat, chart.Series{Name: shortLabel(l.ID), Values: []float64{r.P50.M(), r.P99.M()}})
	}
	keep(c.Latency, chart.Bars(p(c.Latency), fmt.Sprintf("Echo round trip, %d sequential 32 B messages (%s)", b.Config.RoundTrips, runs),
		"milliseconds", []string{"p50", "p99"}, lat, 0, ""))

	var rcats []string
	var delivered, renders []float64
	for _, v := range b.ReactVariants {
		r := b.React.Results[v.ID]
		rcats = append(rcats, reactShort(v.ID))
		delivered = append(delivered, r.DeliveredPerSec.M())
		renders = append(renders, r.RendersPerSec.M())
	}
	keep(c.React, chart.Bars(p(c.React), fmt.Sprintf("React: flood of %d messages into a component (%s)", b.React.Messages, runs),
		"per second", rcats, []chart.Series{
			{Name: "messages the component observed per second", Values: delivered},
			{Name: "renders (commits) per second", Values: renders},
		}, 0, ""))

	cold, warm := b.Startup["cold"], b.Startup["warm"]
	keep(c.Startup, chart.Bars(p(c.Startup), fmt.Sprintf("Start-up, ms since navigation start (%s)", runs),
		"milliseconds since navigation start", []string{"first load (cold cache)", "reload (warm cache)"}, []chart.Series{
			{Name: "page script runs", Values: []float64{cold.ScriptStart.M(), warm.ScriptStart.M()}},
			{Name: "wasm compiled", Values: []float64{cold.WasmInstantiated.M(), warm.WasmInstantiated.M()}},
			{Name: "Go ready", Values: []float64{cold.WasmReady.M(), warm.WasmReady.M()}},
			{Name: "connected", Values: []float64{cold.Connected.M(), warm.Connected.M()}},
		}, 0, ""))

	var xs, heap, wasm, plain []float64
	mib := func(v float64) float64 { return v / (1 << 20) }
	for i, s := range b.Memory.Wasmsocket.Samples {
		xs = append(xs, float64(s.Messages)/1000)
		heap = append(heap, mib(s.JSHeap.M()))
		wasm = append(wasm, mib(s.Wasm.M()))
		pv := math.NaN()
		if i < len(b.Memory.Websocket.Samples) {
			pv = mib(b.Memory.Websocket.Samples[i].JSHeap.M())
		}
		plain = append(plain, pv)
	}
	keep(c.Memory, chart.Lines(p(c.Memory), "Memory after N received 32 B messages (after gc())", "thousands of messages received", "MiB", xs, []chart.Series{
		{Name: "@wasmsocket/client: wasm linear memory", Values: wasm},
		{Name: "@wasmsocket/client: JS heap", Values: heap},
		{Name: "plain WebSocket: JS heap", Values: plain},
	}))

	var scats []string
	var gz, br []float64
	kb := func(n int) float64 { return float64(n) / 1000 }
	for _, pk := range b.Sizes.Packages {
		scats = append(scats, pk.Name)
		gz = append(gz, kb(pk.Gzip))
		br = append(br, kb(pk.Brotli))
	}
	keep(c.SizesJS, chart.Bars(p(c.SizesJS), "JavaScript an app bundles (minified, react external), wasm not included", "kB", scats, []chart.Series{
		{Name: "min + gzip", Values: gz},
		{Name: "min + brotli", Values: br},
	}, 0, ""))
	var dcats []string
	var dl []float64
	for _, pk := range b.Sizes.Packages {
		if pk.Kind != "client" {
			continue
		}
		n := pk.Brotli
		name := pk.Name
		if pk.Name == "@wasmsocket/client" {
			n += b.Sizes.Wasm.Brotli
			name += " (JS + wasm)"
		}
		dcats = append(dcats, name)
		dl = append(dl, kb(n))
	}
	keep(c.SizesDownload, chart.Bars(p(c.SizesDownload), "What a client library costs to download (brotli)", "kB", dcats, []chart.Series{
		{Name: "min + brotli, wasm included", Values: dl},
	}, 0, ""))
	return written
}

func reactShort(id string) string {
	switch id {
	case "@wasmsocket/react":
		return "@wasmsocket/react"
	case "hand-written":
		return "hand-written (WebSocket + useState)"
	}
	return id
}
