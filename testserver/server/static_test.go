package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func TestStaticFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":   "text/html; charset=utf-8",
		"app.wasm":     "application/wasm",
		"wasm_exec.js": "text/javascript; charset=utf-8",
		"mod.mjs":      "text/javascript; charset=utf-8",
		"style.css":    "text/css; charset=utf-8",
		"data.json":    "application/json",
		"icon.svg":     "image/svg+xml",
		"img.png":      "image/png",
	}
	for name := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("content of "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := start(t, server.Options{StaticDir: dir})
	for name, ct := range files {
		resp, body := get(t, srv.URL+"/"+name)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct || string(body) != "content of "+name {
			t.Errorf("%s: %d %q %q", name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	resp, body := get(t, srv.URL+"/")
	if resp.StatusCode != 200 || string(body) != "content of index.html" {
		t.Errorf("/: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, srv.URL+"/missing.wasm"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing: %d", resp.StatusCode)
	}

	// Revalidation with the Last-Modified date answers 304.
	resp, _ = get(t, srv.URL+"/app.wasm")
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/app.wasm", nil)
	req.Header.Set("If-Modified-Since", resp.Header.Get("Last-Modified"))
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", again.StatusCode)
	}
}

func TestNoStaticDir(t *testing.T) {
	srv := start(t, server.Options{})
	if resp, _ := get(t, srv.URL+"/index.html"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
}
