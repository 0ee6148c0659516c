package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
)

// results is a mailbox for pages that measure themselves: a benchmark page
// in a browser launched without automation POSTs its figures here, and the
// runner that launched it GETs them. Keys are chosen by the runner.
type results struct {
	mu   sync.Mutex
	byID map[string]json.RawMessage
}

const maxResultBytes = 4 << 20

// serveResults handles POST (store) and GET (read, 404 until stored) of
// /control/results?key=K.
func (s *Server) serveResults(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if key == "" {
		writeJSONError(w, http.StatusBadRequest, errors.New("results need a key= parameter"))
		return
	}
	s.results.mu.Lock()
	defer s.results.mu.Unlock()
	if r.Method == http.MethodPost {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxResultBytes+1))
		if err != nil || len(body) > maxResultBytes || !json.Valid(body) {
			writeJSONError(w, http.StatusBadRequest, errors.New("results must be a JSON document of at most 4 MiB"))
			return
		}
		if s.results.byID == nil {
			s.results.byID = map[string]json.RawMessage{}
		}
		s.results.byID[key] = body
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return
	}
	body, ok := s.results.byID[key]
	if !ok {
		writeJSONError(w, http.StatusNotFound, errors.New("no results for "+key+" yet"))
		return
	}
	writeJSON(w, http.StatusOK, body)
}
