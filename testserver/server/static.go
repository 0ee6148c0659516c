package server

import (
	"net/http"
	"path"
	"strings"
)

// staticTypes pins the MIME types the demos depend on. The mime package
// consults the host's mime.types files first, and some distributions map
// .js or .wasm differently; WebAssembly.instantiateStreaming refuses
// anything but application/wasm.
var staticTypes = map[string]string{
	".wasm": "application/wasm",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".htm":  "text/html; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".map":  "application/json",
	".txt":  "text/plain; charset=utf-8",
}

type staticHandler struct {
	files http.Handler
}

func newStaticHandler(dir string) http.Handler {
	return &staticHandler{files: http.FileServer(http.Dir(dir))}
}

// ServeHTTP serves a file with a pinned Content-Type.
func (h *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// http.ServeContent keeps a Content-Type that is already set; error
	// replies (404 etc.) overwrite it, so presetting is safe.
	if ct, ok := staticTypes[strings.ToLower(path.Ext(r.URL.Path))]; ok {
		w.Header().Set("Content-Type", ct)
	}
	// Revalidate every time: a rebuilt .wasm must never be served stale
	// from the browser cache during a test run.
	w.Header().Set("Cache-Control", "no-cache")
	h.files.ServeHTTP(w, r)
}
