package http

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"sync"
)

// memo keeps the encoded answers of the read endpoints whose cost is in
// the computation (dyads, maps, networks, predictions): the store changes
// only through this server's write jobs while it holds the file, so an
// answer stays right until the next write, which clears the memo. Callers
// asking for the same key while it is computed wait for that computation
// instead of repeating it. Errors are not kept.
type memo struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
	max     int
}

type memoEntry struct {
	done chan struct{}
	body []byte
	err  error
}

func newMemo(max int) *memo { return &memo{entries: map[string]*memoEntry{}, max: max} }

// get returns the answer for key, computing it with compute when absent.
func (m *memo) get(key string, compute func() (any, error)) ([]byte, error) {
	m.mu.Lock()
	if e, ok := m.entries[key]; ok {
		m.mu.Unlock()
		<-e.done
		return e.body, e.err
	}
	if len(m.entries) >= m.max {
		// Dropping everything is crude but bounded, and a memo this size
		// only fills up when clients walk through many different questions.
		m.entries = map[string]*memoEntry{}
	}
	e := &memoEntry{done: make(chan struct{})}
	m.entries[key] = e
	m.mu.Unlock()
	v, err := compute()
	if err == nil {
		e.body, err = json.Marshal(v)
		if err != nil {
			err = fmt.Errorf("encode response: %w", err)
		}
	}
	e.err = err
	if err != nil {
		m.mu.Lock()
		if m.entries[key] == e {
			delete(m.entries, key)
		}
		m.mu.Unlock()
	}
	close(e.done)
	return e.body, e.err
}

// clear forgets every answer: a write job changed the store.
func (m *memo) clear() {
	m.mu.Lock()
	m.entries = map[string]*memoEntry{}
	m.mu.Unlock()
}

// digestKey identifies a question by a digest of its parts.
func digestKey(kind string, parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return kind + " " + hex.EncodeToString(h.Sum(nil))
}

// writeCached answers with the memo's bytes for key.
func (s *Server) writeCached(w nethttp.ResponseWriter, key string, compute func() (any, error)) error {
	b, err := s.memo.get(key, compute)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(nethttp.StatusOK)
	_, err = w.Write(append(b[:len(b):len(b)], '\n'))
	return err
}
