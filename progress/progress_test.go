package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock               { return &fakeClock{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }
func lastLine(out string) string {
	i := strings.LastIndex(out, "\r")
	return strings.TrimSuffix(out[i+1:], "\x1b[K")
}
func display(out *bytes.Buffer, c *fakeClock) *Display {
	return New(Config{Out: out, Terminal: true, Width: 100, Interval: 100 * time.Millisecond, Now: c.now})
}

func TestNew(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		nil  bool
	}{
		{"not a terminal", Config{Out: &bytes.Buffer{}}, true},
		{"no writer", Config{Terminal: true}, true},
		{"negative width", Config{Out: &bytes.Buffer{}, Terminal: true, Width: -1}, true},
		{"terminal", Config{Out: &bytes.Buffer{}, Terminal: true}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if d := New(c.cfg); (d == nil) != c.nil {
				t.Errorf("New = %v, want nil %v", d, c.nil)
			}
		})
	}
}

// TestDisplay_Nil checks that a nil display and its phases are silent
// no-ops, so callers never branch on whether a terminal is there.
func TestDisplay_Nil(t *testing.T) {
	var d *Display
	p := d.Phase("fitting", 10, "folds")
	p.Add(1)
	p.Set(5)
	p.Done()
	d.Status("x")
	d.Print("x")
	d.Clear()
}

func TestPhase_Render(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	d := display(&out, c)
	p := d.Phase("fitting", 120, "folds")
	if got := lastLine(out.String()); got != "fitting: 0/120 folds (0%)" {
		t.Errorf("start: %q", got)
	}
	c.add(10 * time.Second)
	p.Add(40)
	if got := lastLine(out.String()); got != "fitting: 40/120 folds (33%), 4.0 folds/s, ETA 20s" {
		t.Errorf("after 10 s: %q", got)
	}
	// Within the interval nothing is redrawn.
	n := out.Len()
	c.add(10 * time.Millisecond)
	p.Add(1)
	if out.Len() != n {
		t.Errorf("redrawn within the interval: %q", out.String()[n:])
	}
	c.add(20 * time.Second)
	p.Set(120)
	p.Done()
	if !strings.HasSuffix(out.String(), "fitting: 120 folds in 30s\x1b[K\n") {
		t.Errorf("done: %q", out.String())
	}
}

func TestPhase_UnknownTotal(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := display(&out, c).Phase("coding", 0, "sentences")
	c.add(2 * time.Second)
	p.Add(3000)
	if got := lastLine(out.String()); got != "coding: 3,000 sentences, 1,500 sentences/s" {
		t.Errorf("%q", got)
	}
}

func TestDisplay_Status_Width(t *testing.T) {
	var out bytes.Buffer
	d := New(Config{Out: &out, Terminal: true, Width: 20, Now: newClock().now})
	d.Status(strings.Repeat("x", 50))
	got := lastLine(out.String())
	if n := len([]rune(got)); n != 19 || !strings.HasSuffix(got, "…") {
		t.Errorf("a line wider than the terminal must be cut to width-1: %q (%d)", got, n)
	}
}

func TestRate(t *testing.T) {
	cases := []struct {
		name    string
		done    int64
		elapsed time.Duration
		want    string
		ok      bool
	}{
		// A tiny file read in microseconds has no meaningful rate.
		{"too soon", 1 << 30, 10 * time.Microsecond, "", false},
		{"nothing done", 0, time.Minute, "", false},
		{"slow", 3, 2 * time.Second, "1.5", true},
		{"hundreds", 500, time.Second, "500", true},
		{"thousands", 85211, time.Second, "85,211", true},
		{"millions", 12_500_000, 2 * time.Second, "6.25 M", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Rate(c.done, c.elapsed)
			if got != c.want || ok != c.ok {
				t.Errorf("Rate(%d, %s) = %q, %v; want %q, %v", c.done, c.elapsed, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestETA(t *testing.T) {
	cases := []struct {
		name          string
		done, total   int64
		elapsed, want time.Duration
		ok            bool
	}{
		{"half way", 50, 100, 10 * time.Second, 10 * time.Second, true},
		{"unknown total", 50, 0, 10 * time.Second, 0, false},
		{"nothing done", 0, 100, 10 * time.Second, 0, false},
		{"past the total", 120, 100, 10 * time.Second, 0, false},
		{"at the total", 100, 100, 10 * time.Second, 0, false},
		{"too soon", 50, 100, time.Millisecond, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ETA(c.done, c.total, c.elapsed)
			if ok != c.ok || (ok && (got-c.want).Abs() > time.Millisecond) {
				t.Errorf("ETA = %s, %v; want %s, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestCount(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Count(in); got != want {
			t.Errorf("Count(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestBytes(t *testing.T) {
	for in, want := range map[int64]string{532: "532 B", 12_400_000: "12.4 MB", 1_234_000_000: "1.2 GB", 5_000_000_000_000: "5000.0 GB"} {
		if got := Bytes(in); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for in, want := range map[time.Duration]string{850 * time.Millisecond: "850ms", 12 * time.Second: "12s", 185 * time.Second: "3m05s", 62 * time.Minute: "1h02m"} {
		if got := Duration(in); got != want {
			t.Errorf("Duration(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplay_Busy(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	d := display(&out, c)
	p := d.Busy("fitting the model")
	if got := lastLine(out.String()); got != "fitting the model: 0s so far" {
		t.Errorf("start: %q", got)
	}
	c.add(72 * time.Second)
	p.Done()
	p.Done()
	if !strings.HasSuffix(out.String(), "fitting the model: done in 1m12s\x1b[K\n") || strings.Count(out.String(), "done in") != 1 {
		t.Errorf("done: %q", out.String())
	}
}
