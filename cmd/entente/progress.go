package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"entente/progress"

	"golang.org/x/term"
)

// Progress returns the display for long commands: drawn on stderr only
// when it is a terminal, nil (silent) otherwise. Commands of other
// engineers call it too: m.Progress().Phase("fitting", n, "folds").
func (m *Main) Progress() *progress.Display {
	if !m.StderrIsTerminal {
		return nil
	}
	if m.progress == nil {
		m.progress = progress.New(progress.Config{Out: m.Stderr, Terminal: true, Width: m.stderrWidth(), Now: m.Clock.Now})
	}
	return m.progress
}

// step shows one long step of uncounted work on the terminal and returns
// the function that ends it; it fits the Step hooks of other packages
// (coalition.EngineOptions).
func (m *Main) step(name string) (end func()) {
	return m.Progress().Busy(name).Done
}

// fits shows a counted step (the model fits of coalition.LoadEngine) on the
// terminal, with the count, the rate and the time left once a fit is done;
// it fits coalition.EngineOptions.Fits.
func (m *Main) fits(name string, total int) (fitted func(), end func()) {
	p := m.Progress().Phase(name, int64(total), "fits")
	return func() { p.Add(1) }, p.Done
}

// stderrWidth is the width of the terminal stderr is, or 80.
func (m *Main) stderrWidth() int {
	if f, ok := m.Stderr.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return 80
}

// importProgress shows an import on the terminal: files done of those
// planned and rows read in all, then for the current file how far it has
// got in bytes, its rows, its rows per second and the time it has left.
// It implements importer.RowProgress.
type importProgress struct {
	d *progress.Display

	mu        sync.Mutex
	planned   int
	file      int
	name      string
	size, got int64
	rows      int64 // of the current file
	rowsDone  int64 // of the files before
	start     time.Time
}

func newImportProgress(d *progress.Display) *importProgress { return &importProgress{d: d} }

func (p *importProgress) Planned(files int) {
	p.mu.Lock()
	p.planned = files
	p.mu.Unlock()
}

func (p *importProgress) Start(file string, size int64) {
	p.mu.Lock()
	p.file++
	p.name, p.size, p.got, p.rows = filepath.Base(file), size, 0, 0
	p.start = p.d.Now()
	s := p.render()
	p.mu.Unlock()
	p.d.Status(s)
}

func (p *importProgress) Add(n int64) {
	p.mu.Lock()
	p.got += n
	s := p.render()
	p.mu.Unlock()
	p.d.Status(s)
}

func (p *importProgress) Rows(n int64) {
	p.mu.Lock()
	p.rows = n
	s := p.render()
	p.mu.Unlock()
	p.d.Status(s)
}

// Finish is called once per file; the table printed at the end reports
// each file, so the status line is cleared rather than kept.
func (p *importProgress) Finish() {
	p.mu.Lock()
	p.rowsDone += p.rows
	p.rows = 0
	p.mu.Unlock()
	p.d.Clear()
}

// render is the status line, the counts first and the file name last so
// that a narrow terminal cuts the name, not the figures:
// "import 2/5 files, 1,204,113 rows in all | 310,000 rows, 85,211 rows/s, 45% of 12.3 MB, ETA 12s: votes.csv.gz"
// (the part before | only when more than one file is planned).
func (p *importProgress) render() string {
	var b strings.Builder
	if p.planned != 1 {
		fmt.Fprintf(&b, "import %d", p.file)
		if p.planned > 0 {
			fmt.Fprintf(&b, "/%d", p.planned)
		}
		fmt.Fprintf(&b, " files, %s rows in all | ", progress.Count(p.rowsDone+p.rows))
	}
	fmt.Fprintf(&b, "%s rows", progress.Count(p.rows))
	el := p.d.Now().Sub(p.start)
	if r, ok := progress.Rate(p.rows, el); ok {
		fmt.Fprintf(&b, ", %s rows/s", r)
	}
	if p.size > 0 {
		fmt.Fprintf(&b, ", %d%% of %s", min(100, 100*p.got/p.size), progress.Bytes(p.size))
	}
	// The bytes read of the file on disk are the one measure of how far
	// it has got that is known before the end, compressed or not.
	if eta, ok := progress.ETA(p.got, p.size, el); ok {
		fmt.Fprintf(&b, ", ETA %s", progress.Duration(eta))
	}
	fmt.Fprintf(&b, ": %s", p.name)
	return b.String()
}
