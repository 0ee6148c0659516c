package main

import (
	"encoding/json"
	"math"
	"os"
)

// The shape of docs/bench/browser.json, as bench/browser/lib/aggregate.mjs
// writes it. Figures that could not be measured are null, read as NaN.

// Stat is a median over repetitions with the runs it came from.
type Stat struct {
	Median *float64   `json:"median"`
	Runs   []*float64 `json:"runs"`
}

// M is the median, NaN if there is none.
func (s Stat) M() float64 { return val(s.Median) }

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

type Browser struct {
	Generated       string  `json:"generated"`
	Command         string  `json:"command"`
	Quick           bool    `json:"quick"`
	DurationSeconds float64 `json:"durationSeconds"`
	Machine         struct {
		CPU         string  `json:"cpu"`
		Cores       int     `json:"cores"`
		MemoryBytes float64 `json:"memoryBytes"`
		OS          string  `json:"os"`
		Chromium    string  `json:"chromium"`
		Node        string  `json:"node"`
		Go          string  `json:"go"`
		Date        string  `json:"date"`
		LoadStart   float64 `json:"loadAverageStart"`
	} `json:"machine"`
	Source *struct {
		Commit      *string  `json:"commit"`
		Uncommitted []string `json:"uncommitted"`
		WasmSha256  *string  `json:"wasmSha256"`
		JSBuilt     *string  `json:"jsDistBuilt"`
		ReactBuilt  *string  `json:"reactDistBuilt"`
	} `json:"source"`
	CPU struct {
		BusySeconds    float64 `json:"busySeconds"`
		OwnSeconds     float64 `json:"ownSeconds"`
		ForeignSeconds float64 `json:"foreignSeconds"`
		StealSeconds   float64 `json:"stealSeconds"`
		Discarded      int     `json:"discardedPages"`
	} `json:"cpu"`
	Config struct {
		Reps              int     `json:"reps"`
		Messages          int     `json:"messages"`
		SendMessages      int     `json:"sendMessages"`
		Sizes             []int   `json:"sizes"`
		RoundTrips        int     `json:"roundTrips"`
		Warmup            int     `json:"warmup"`
		ReactMessages     int     `json:"reactMessages"`
		MemoryCheckpoints []int   `json:"memoryCheckpoints"`
		MemoryReps        int     `json:"memoryReps"`
		MemoryPlainReps   int     `json:"memoryPlainReps"`
		Chromium          string  `json:"chromium"`
		TimerResolutionMs float64 `json:"timerResolutionMs"`
	} `json:"config"`
	Libraries     []Library `json:"libraries"`
	ReactVariants []struct {
		ID          string `json:"id"`
		Label       string `json:"label"`
		ObservedVia string `json:"observedVia"`
	} `json:"reactVariants"`
	Targets   []Target `json:"targets"`
	Transport struct {
		Receive []struct {
			Size     int                   `json:"size"`
			Messages int                   `json:"messages"`
			Results  map[string]Throughput `json:"results"`
		} `json:"receive"`
		Send struct {
			Size     int                   `json:"size"`
			Messages int                   `json:"messages"`
			Results  map[string]Throughput `json:"results"`
		} `json:"send"`
		RTT struct {
			RoundTrips int            `json:"roundTrips"`
			Warmup     int            `json:"warmup"`
			Results    map[string]RTT `json:"results"`
		} `json:"rtt"`
	} `json:"transport"`
	React struct {
		Messages int                    `json:"messages"`
		Size     int                    `json:"size"`
		Results  map[string]ReactResult `json:"results"`
	} `json:"react"`
	Startup map[string]Startup `json:"startup"`
	Memory  struct {
		Checkpoints                []int     `json:"checkpoints"`
		Runs                       int       `json:"runs"`
		PlainRuns                  int       `json:"plainRuns"`
		Wasmsocket                 MemoryLib `json:"wasmsocket"`
		Websocket                  MemoryLib `json:"websocket"`
		FlatLimitBytes             float64   `json:"flatLimitBytes"`
		GrowthAfterFirstCheckpoint struct {
			WasmsocketJsHeap *float64 `json:"wasmsocketJsHeap"`
			WasmsocketWasm   *float64 `json:"wasmsocketWasm"`
			WebsocketJsHeap  *float64 `json:"websocketJsHeap"`
		} `json:"growthAfterFirstCheckpoint"`
		GrowthPerRun struct {
			WasmsocketJsHeap []*float64 `json:"wasmsocketJsHeap"`
			WasmsocketWasm   []*float64 `json:"wasmsocketWasm"`
		} `json:"growthPerRun"`
		RatioTotalVsPlain *float64 `json:"ratioTotalVsPlain"`
	} `json:"memory"`
	Sizes struct {
		Packages []struct {
			Name     string  `json:"name"`
			Kind     string  `json:"kind"`
			Entry    string  `json:"entry"`
			Note     *string `json:"note"`
			Version  *string `json:"version"`
			Minified int     `json:"minified"`
			Gzip     int     `json:"gzip"`
			Brotli   int     `json:"brotli"`
		} `json:"packages"`
		Wasm struct {
			File   string `json:"file"`
			Raw    int    `json:"raw"`
			Gzip   int    `json:"gzip"`
			Brotli int    `json:"brotli"`
		} `json:"wasm"`
		WasmExecGlue struct {
			Minified int `json:"minified"`
			Gzip     int `json:"gzip"`
			Brotli   int `json:"brotli"`
		} `json:"wasmExecGlue"`
	} `json:"sizes"`
	Errors []string `json:"errors"`
}

type Library struct {
	ID       string  `json:"id"`
	Label    string  `json:"label"`
	Server   string  `json:"server"`
	Baseline *string `json:"baseline"`
}

type Target struct {
	ID       string `json:"id"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

type Throughput struct {
	Stat
	Ms             Stat       `json:"ms"`
	Ratio          *float64   `json:"ratio"`
	RatioVsGoPlain *float64   `json:"ratioVsGoPlain"`
	PairedRatios   []*float64 `json:"pairedRatios"`
	LoopMs         *Stat      `json:"loopMs"`
	Delivered      []*float64 `json:"delivered"`
	Rejected       []*float64 `json:"rejected"`
}

type RTT struct {
	P50       Stat     `json:"p50"`
	P99       Stat     `json:"p99"`
	Mean      Stat     `json:"mean"`
	RatioP50  *float64 `json:"ratioP50"`
	RatioP99  *float64 `json:"ratioP99"`
	RatioMean *float64 `json:"ratioMean"`
}

type ReactResult struct {
	DeliveredPerSec                  Stat     `json:"deliveredPerSec"`
	RendersPerSec                    Stat     `json:"rendersPerSec"`
	Observed                         Stat     `json:"observed"`
	Lost                             Stat     `json:"lost"`
	Renders                          Stat     `json:"renders"`
	FramesPerSec                     Stat     `json:"framesPerSec"`
	RendersPerFrame                  Stat     `json:"rendersPerFrame"`
	Ms                               Stat     `json:"ms"`
	DeliveryRatioVsPlain             *float64 `json:"deliveryRatioVsPlain"`
	DeliveryRatioVsReactUseWebSocket *float64 `json:"deliveryRatioVsReactUseWebSocket"`
	RendersRatioVsPlain              *float64 `json:"rendersRatioVsPlain"`
}

type Startup struct {
	ScriptStart             Stat     `json:"scriptStart"`
	WasmInstantiated        Stat     `json:"wasmInstantiated"`
	WasmReady               Stat     `json:"wasmReady"`
	Connected               Stat     `json:"connected"`
	WasmFetchCompileSpan    Stat     `json:"wasmFetchCompileSpan"`
	WasmStartSpan           Stat     `json:"wasmStartSpan"`
	WasmLoadSpan            Stat     `json:"wasmLoadSpan"`
	ConnectSpan             Stat     `json:"connectSpan"`
	HandshakeSpan           Stat     `json:"handshakeSpan"`
	PlainOpenSpan           Stat     `json:"plainOpenSpan"`
	WasmTransferSize        Stat     `json:"wasmTransferSize"`
	RatioConnectVsPlainOpen *float64 `json:"ratioConnectVsPlainOpen"`
}

type MemoryLib struct {
	Samples []struct {
		Messages int  `json:"messages"`
		JSHeap   Stat `json:"jsHeap"`
		Wasm     Stat `json:"wasm"`
	} `json:"samples"`
	BaselineJSHeap Stat `json:"baselineJsHeap"`
	FloodMs        Stat `json:"floodMs"`
}

func readBrowser(path string) (*Browser, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return readBrowserBytes(b)
}

func readBrowserBytes(b []byte) (*Browser, error) {
	var r Browser
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}
