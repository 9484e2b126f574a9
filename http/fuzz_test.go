package http

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDataPath checks the one place a request names a file: whatever the
// path, the answer is an error or a file inside the data folder.
func FuzzDataPath(f *testing.F) {
	root := f.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "sub", "a.csv"), []byte("x"), 0o644); err != nil {
		f.Fatal(err)
	}
	// A link leading out of the folder must be refused too.
	_ = os.Symlink("/etc", filepath.Join(root, "out"))
	for _, s := range []string{"", ".", "sub", "sub/a.csv", "../x", "/etc/passwd", "out/passwd", "sub/../sub/a.csv", "sub/../../", "out", "\x00", "a\\..\\b"} {
		f.Add(s)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rel string) {
		p, err := dataPath(root, rel)
		if err != nil {
			return
		}
		if p != realRoot && !strings.HasPrefix(p, realRoot+string(filepath.Separator)) {
			t.Fatalf("dataPath(%q) = %s, outside %s", rel, p, realRoot)
		}
	})
}

// FuzzCheckURL checks that only absolute http(s) URLs with a host pass.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://example.org/a", "http://x", "file:///etc/passwd", "/etc/passwd", "ftp://x", "https://", "javascript:alert(1)", "HTTP://X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if checkURL(raw) != nil {
			return
		}
		lower := strings.ToLower(raw)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			t.Fatalf("checkURL accepted %q", raw)
		}
	})
}
