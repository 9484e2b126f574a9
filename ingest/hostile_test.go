package ingest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/ingest"
)

// TestReader_Hostile: binary files, non-http schemes, private addresses and
// redirect loops are refused with an error naming the input (issue 15,
// item 3; issue 18, item 5).
func TestReader_Hostile(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "photo.txt")
	os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...), 0o644)
	gzipped := filepath.Join(dir, "article.txt")
	os.WriteFile(gzipped, []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), 0o644)

	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("China stayed silent.")) })
	// /huge streams without end and /slow answers after the client gave
	// up: the size and time caps must end both fetches.
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("China stayed silent. ", 512))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	strict := ingest.DefaultConfig()
	lenient := ingest.DefaultConfig()
	lenient.AllowPrivate = true
	small := lenient
	small.MaxBytes = 64 << 10
	impatient := lenient
	impatient.Timeout = 200 * time.Millisecond
	cases := []struct {
		name     string
		cfg      ingest.Config
		arg      string
		wantErr  error
		contains string
	}{
		{"PNG named .txt", strict, png, entente.ErrInvalid, "binary content (image/png)"},
		{"gzip named .txt", strict, gzipped, entente.ErrInvalid, "binary content"},
		{"file URL", strict, "file:///etc/passwd", entente.ErrInvalid, "file:// is not fetched"},
		{"loopback refused", strict, srv.URL + "/page", ingest.ErrPrivateAddress, "private or loopback"},
		{"redirect loop", lenient, srv.URL + "/loop", entente.ErrInvalid, "redirects"},
		{"redirect to file", lenient, srv.URL + "/file", entente.ErrInvalid, "only http and https"},
		{"endless response", small, srv.URL + "/huge", entente.ErrInvalid, "response larger than 65536 bytes"},
		{"slow server", impatient, srv.URL + "/slow", context.DeadlineExceeded, "no answer within 200ms (the fetch time limit)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd, err := ingest.NewReader(c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = rd.Read(context.Background(), c.arg)
			if !errors.Is(err, c.wantErr) || !strings.Contains(err.Error(), c.contains) {
				t.Fatalf("err = %v, want %v saying %q", err, c.wantErr, c.contains)
			}
		})
	}
	rd, _ := ingest.NewReader(lenient)
	if docs, err := rd.Read(context.Background(), srv.URL+"/page"); err != nil || len(docs) != 1 {
		t.Errorf("allowed loopback fetch: %d docs, %v", len(docs), err)
	}
}
