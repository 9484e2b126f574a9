// Package progress draws what a long command is doing on a terminal: one
// status line, redrawn in place at most a few times a second, with counts
// that are true (rows actually read, folds actually fitted), their rates
// and an estimate of the time left. When the output is not a terminal it
// draws nothing, so logs and pipes stay clean.
//
// Commands hold a *Display and open a Phase per step ("fitting the model",
// "back-test 2015") with the number of units it will take when known; the
// importer's byte-and-row reports are adapted in cmd/entente. A nil
// *Display and a nil *Phase are valid and do nothing, so callers never
// branch on whether progress is shown.
package progress

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Config says where and how to draw. The zero value draws nothing.
type Config struct {
	// Out receives the display, normally stderr.
	Out io.Writer
	// Terminal must be true for anything to be drawn: the caller checks
	// that Out is a terminal (golang.org/x/term).
	Terminal bool
	// Width is the terminal's width in columns; status lines are cut to
	// it so that they never wrap (a wrapped line cannot be redrawn in
	// place). Default 80.
	Width int
	// Interval is the least time between two redraws. Default 200 ms.
	Interval time.Duration
	// Now is the clock; tests set it. Default time.Now.
	Now func() time.Time
}

// Validate rejects settings that cannot work.
func (c Config) Validate() error {
	if c.Width < 0 {
		return fmt.Errorf("progress: width %d is negative", c.Width)
	}
	if c.Interval < 0 {
		return fmt.Errorf("progress: interval %s is negative", c.Interval)
	}
	return nil
}

// Display is one status line on a terminal. It is safe for concurrent use.
type Display struct {
	cfg  Config
	mu   sync.Mutex
	last time.Time // of the last redraw
	line string    // what is on screen now
}

// New returns a display, or nil (which draws nothing) when cfg is not for
// a terminal.
func New(cfg Config) *Display {
	if !cfg.Terminal || cfg.Out == nil || cfg.Validate() != nil {
		return nil
	}
	if cfg.Width == 0 {
		cfg.Width = 80
	}
	if cfg.Interval == 0 {
		cfg.Interval = 200 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Display{cfg: cfg}
}

// Now is the display's clock (time.Now when d is nil).
func (d *Display) Now() time.Time {
	if d == nil {
		return time.Now()
	}
	return d.cfg.Now()
}

// Status redraws the status line with s, unless the last redraw was less
// than the interval ago.
func (d *Display) Status(s string) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.cfg.Now()
	if !d.last.IsZero() && now.Sub(d.last) < d.cfg.Interval {
		return
	}
	d.last = now
	d.draw(s)
}

// Print clears the status line and prints s as a line that stays (a
// finished phase); the next Status draws below it.
func (d *Display) Print(s string) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.draw(s)
	io.WriteString(d.cfg.Out, "\n")
	d.line = ""
	d.last = time.Time{}
}

// Clear removes the status line, leaving the cursor where it started.
func (d *Display) Clear() {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.line != "" {
		io.WriteString(d.cfg.Out, "\r\x1b[K")
		d.line = ""
	}
	d.last = time.Time{}
}

// draw replaces the line on screen: carriage return, the text cut to the
// width, then erase to the end of the line (ANSI EL) for what a longer
// previous line left.
func (d *Display) draw(s string) {
	s = Truncate(s, d.cfg.Width-1)
	io.WriteString(d.cfg.Out, "\r"+s+"\x1b[K")
	d.line = s
}

// Phase is one step of a command with a count of units done.
type Phase struct {
	d     *Display
	name  string
	unit  string
	total int64
	start time.Time
	mu    sync.Mutex
	done  int64
	stop  chan struct{} // of a busy phase's ticker
	ended bool
}

// Busy starts a step whose progress cannot be counted (fitting a model in
// one call): its line shows the time spent so far, redrawn every interval
// until Done.
func (d *Display) Busy(name string) *Phase {
	if d == nil {
		return nil
	}
	p := &Phase{d: d, name: name, start: d.cfg.Now(), stop: make(chan struct{})}
	d.Status(p.render())
	go func() {
		t := time.NewTicker(d.cfg.Interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				s := p.render()
				p.mu.Unlock()
				d.Status(s)
			}
		}
	}()
	return p
}

// Phase starts a step called name; total is the number of units it will
// take (0 when unknown: no percentage and no ETA are shown).
func (d *Display) Phase(name string, total int64, unit string) *Phase {
	if d == nil {
		return nil
	}
	p := &Phase{d: d, name: name, unit: unit, total: total, start: d.cfg.Now()}
	d.Status(p.render())
	return p
}

// Add counts n more units done.
func (p *Phase) Add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.done += n
	s := p.render()
	p.mu.Unlock()
	p.d.Status(s)
}

// Set says how many units are done in all.
func (p *Phase) Set(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.done = n
	s := p.render()
	p.mu.Unlock()
	p.d.Status(s)
}

// Done ends the phase with a line that stays: its count and duration.
// Calling it again does nothing, so it can be deferred.
func (p *Phase) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	if p.ended {
		p.mu.Unlock()
		return
	}
	p.ended = true
	if p.stop != nil {
		close(p.stop)
	}
	el := p.d.cfg.Now().Sub(p.start)
	s := fmt.Sprintf("%s: %s %s in %s", p.name, Count(p.done), p.unit, Duration(el))
	if p.unit == "" {
		s = fmt.Sprintf("%s: done in %s", p.name, Duration(el))
	}
	p.mu.Unlock()
	p.d.Print(s)
}

// render is the status line: "fitting: 45/120 folds (37%), 2.1 folds/s, ETA 36s".
func (p *Phase) render() string {
	el := p.d.cfg.Now().Sub(p.start)
	if p.unit == "" {
		return fmt.Sprintf("%s: %s so far", p.name, Duration(el.Truncate(time.Second)))
	}
	var b strings.Builder
	b.WriteString(p.name)
	b.WriteString(": ")
	b.WriteString(Count(p.done))
	if p.total > 0 {
		b.WriteString("/" + Count(p.total))
	}
	b.WriteString(" " + p.unit)
	if p.total > 0 {
		fmt.Fprintf(&b, " (%d%%)", min(100, 100*p.done/p.total))
	}
	if r, ok := Rate(p.done, el); ok {
		b.WriteString(", " + r + " " + p.unit + "/s")
	}
	if eta, ok := ETA(p.done, p.total, el); ok {
		b.WriteString(", ETA " + Duration(eta))
	}
	return b.String()
}

// minElapsed is how long a count must run before a rate or an ETA is
// shown: over a few milliseconds any rate is noise (a small file read from
// the page cache in 10 µs is not "126 GB/s" of anything useful).
const minElapsed = 500 * time.Millisecond

// Rate renders done/elapsed per second with three significant digits, or
// false when too little time has passed for a rate to mean anything.
func Rate(done int64, elapsed time.Duration) (string, bool) {
	if elapsed < minElapsed || done <= 0 {
		return "", false
	}
	r := float64(done) / elapsed.Seconds()
	switch {
	case r >= 1e6:
		return strconv.FormatFloat(r/1e6, 'f', 2, 64) + " M", true
	case r >= 1e3:
		return Count(int64(r + 0.5)), true
	case r >= 10:
		return strconv.FormatFloat(r, 'f', 0, 64), true
	}
	return strconv.FormatFloat(r, 'f', 1, 64), true
}

// ETA is the time left if the rate so far holds, or false when the total
// is unknown, nothing is done yet, too little time has passed, or the
// total is reached (a file read to its end may still be parsed: "ETA 0s"
// would be untrue).
func ETA(done, total int64, elapsed time.Duration) (time.Duration, bool) {
	if total <= 0 || done <= 0 || elapsed < minElapsed || done >= total {
		return 0, false
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return left, true
}

// Count renders n with thousands separators: 1,234,567.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Bytes renders a size in decimal units: 532 B, 12.4 MB, 1.2 GB.
func Bytes(n int64) string {
	f := float64(n)
	for _, u := range []string{"B", "kB", "MB", "GB"} {
		if f < 1000 || u == "GB" {
			if u == "B" {
				return strconv.FormatInt(n, 10) + " B"
			}
			return strconv.FormatFloat(f, 'f', 1, 64) + " " + u
		}
		f /= 1000
	}
	return ""
}

// Duration renders a duration for people: 850ms, 12s, 3m05s, 1h02m.
func Duration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// Truncate cuts s to at most width runes, ending in "…" when cut.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}
