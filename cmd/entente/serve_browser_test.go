package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
	apihttp "entente/http"
	"entente/web"

	"github.com/chromedp/chromedp"
)

// serveMain is a Main for a server test over the store file db, with the
// fixed clock of the other end-to-end tests.
func serveMain(t *testing.T, db string) (*Main, *bytes.Buffer) {
	t.Helper()
	var errb bytes.Buffer
	m := &Main{
		Stdout: &bytes.Buffer{},
		Stderr: &errb,
		Getenv: func(string) string { return "" },
		Clock:  entente.FixedClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)),
	}
	m.Config = DefaultConfig(m.Getenv)
	m.Config.DBPath = db
	m.Logger = slog.New(slog.NewTextHandler(&errb, &slog.HandlerOptions{Level: slog.LevelWarn}))
	t.Cleanup(func() {
		if err := m.close(); err != nil {
			t.Error(err)
		}
	})
	return m, &errb
}

// chromium finds Debian's Chromium (or another Chrome) on the PATH.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserStore picks the store the browser test runs on: the one in
// ENTENTE_SERVE_DB (e.g. make demo's, with the real datasets) as of the
// motivating motion's date, else the coalition engine's synthetic world
// (real UN membership, synthetic votes 2006-2016) as of mid-2017.
func browserStore(t *testing.T) (db, asof string) {
	if p := os.Getenv("ENTENTE_SERVE_DB"); p != "" {
		return p, ""
	}
	return worldDB(t), "2017-06-01"
}

// TestServe_Browser drives the web application in headless Chromium: the
// map of the motivating motion, a click to a dyad, a scenario toggle and
// the reading room. Screenshots go to $ENTENTE_SCREENSHOTS when set (the
// README's come from there), else to a temporary folder.
func TestServe_Browser(t *testing.T) {
	chrome := chromium()
	if chrome == "" {
		t.Skip("Chromium not found (apt-get install -y chromium): browser tests skipped")
	}
	if _, err := fs.Stat(web.Files(), "index.html"); err != nil {
		t.Skip("web bundle not built (make web): browser tests skipped")
	}
	if testing.Short() {
		t.Skip("fits a model and starts a browser: skipped with -short")
	}
	shots := os.Getenv("ENTENTE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	db, asof := browserStore(t)
	m, logs := serveMain(t, db)
	ctx := context.Background()
	cfg := apihttp.DefaultConfig()
	wait := 8 * time.Minute
	if asof == "" {
		// The real datasets on a shared machine: loading the snapshot and
		// fitting the model can take a quarter of an hour under load.
		cfg.RequestTimeout, cfg.WriteTimeout, wait = 25*time.Minute, 26*time.Minute, 25*time.Minute
	}
	srv, err := m.Server(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1200, 780))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/#/reading")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}

	// ready waits until the view has rendered (or failed: the status line
	// then says why) and cond holds.
	ready := func(t *testing.T, cond string, timeout time.Duration) {
		t.Helper()
		expr := fmt.Sprintf(`(document.querySelector('#status.error') ? 'error' : (document.querySelector('#view').dataset.ready === 'true' && (%s)) ? 'ok' : false)`, cond)
		ctx, cancel := context.WithTimeout(bctx, timeout+5*time.Second)
		defer cancel()
		got, err := chromedp.Run(ctx, chromedp.Poll[string](expr, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(200*time.Millisecond)))
		if err != nil || got != "ok" {
			msg, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('#status').textContent`))
			t.Fatalf("waiting for %s: %v %s; status: %q; server log: %s", cond, err, got, msg, logs)
		}
	}
	shoot := func(t *testing.T, name string) {
		t.Helper()
		png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	evalInt := func(t *testing.T, expr string) int {
		t.Helper()
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return n
	}
	goTo := func(t *testing.T, hash string) {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, hash))); err != nil {
			t.Fatal(err)
		}
	}
	asofParam := ""
	if asof != "" {
		asofParam = "&asof=" + asof
	}

	t.Run("map colours the motivating motion", func(t *testing.T) {
		goTo(t, "#/map?measure=stance&country=RUS"+asofParam)
		// The first prediction for a day loads the snapshot (and fits a
		// model when none is saved): minutes on a busy machine.
		ready(t, `location.hash.startsWith('#/map') && document.querySelector('#map-count[data-count]')`, wait)
		n := evalInt(t, `+document.querySelector('#map-count').dataset.count`)
		t.Logf("%d countries coloured", n)
		if n < 150 {
			t.Errorf("%d countries coloured, want at least 150", n)
		}
		shoot(t, "map.png")
	})
	t.Run("clicking the Philippines opens its dyad with Russia", func(t *testing.T) {
		if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('path[data-iso3="PHL"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))`)); err != nil {
			t.Fatal(err)
		}
		ready(t, `location.hash.startsWith('#/dyad/PHL/RUS') && document.querySelector('#evidence[data-year]')`, time.Minute)
		title, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('#dyad-title').textContent`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(title, "PHL – RUS") {
			t.Errorf("dyad title %q, want PHL – RUS", title)
		}
		shoot(t, "dyad.png")
	})
	t.Run("a scenario toggle moves a state and the diff lists it", func(t *testing.T) {
		goTo(t, "#/coalition?x=1"+asofParam)
		ready(t, `location.hash.startsWith('#/coalition') && document.querySelector('#coalition-map svg')`, wait)
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`input[data-toggle="china"]`))); err != nil {
			t.Fatal(err)
		}
		ready(t, `location.hash.includes('scenario=china') && document.querySelector('#moves')`, 5*time.Minute)
		n := evalInt(t, `document.querySelectorAll('#moves li').length`)
		moved, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#moves li')].map(e => e.dataset.country).join(' ')`))
		t.Logf("%d states move: %s", n, moved)
		if n < 1 {
			t.Errorf("the scenario moved nobody")
		}
		shoot(t, "coalition.png")
	})
	t.Run("the reading room highlights the silence", func(t *testing.T) {
		goTo(t, "#/reading")
		ready(t, `location.hash === '#/reading' && document.querySelector('#read')`, 30*time.Second)
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.ID("load-article")), chromedp.Click(chromedp.ID("read"))); err != nil {
			t.Fatal(err)
		}
		ready(t, `document.querySelector('#reading-out[data-ready]')`, time.Minute)
		silent, err := chromedp.Run(bctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#reading-out .reading .silence')].map(e => e.textContent).join('')`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(silent, "China remained silent") {
			t.Errorf("highlighted silence %q, want the sentence on China's silence", silent)
		}
		shoot(t, "reading.png")
	})
}
