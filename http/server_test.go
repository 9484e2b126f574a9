package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"entente"
	"entente/coalition"
	"entente/coalition/coalitiontest"
	"entente/coder"
	"entente/curated"
	"entente/duckdb"
	"entente/importer"
	"entente/ingest"
	"entente/measures"
	"entente/registry"
)

const testToken = "test-token-0123456789abcdef"

// worldForecasts fits the coalition engine on the synthetic world once
// per day, as the CLI's wiring does, and serialises its use.
type worldForecasts struct {
	mu   sync.Mutex
	st   entente.Reader
	reg  *registry.Registry
	engs map[time.Time]*coalition.Engine
}

func (f *worldForecasts) Forecaster(ctx context.Context, asof time.Time) (Forecaster, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.engs[asof]; ok {
		return &serialEngine{mu: &f.mu, e: e}, nil
	}
	cfg := coalition.DefaultConfig()
	h, err := coalition.Load(ctx, f.st, f.reg, cfg.Loading(cfg.LoadFrom(asof), asof))
	if err != nil {
		return nil, err
	}
	if h.RollCalls() == 0 {
		return nil, entente.ErrNotFound
	}
	e, err := coalition.NewEngine(ctx, h, asof, cfg)
	if err != nil {
		return nil, err
	}
	f.engs[asof] = e
	return &serialEngine{mu: &f.mu, e: e}, nil
}

type serialEngine struct {
	mu *sync.Mutex
	e  *coalition.Engine
}

func (s *serialEngine) Predict(ctx context.Context, m coalition.Motion) (*coalition.Prediction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.e.Predict(ctx, m)
}
func (s *serialEngine) Simulate(ctx context.Context, m coalition.Motion, sc *coalition.Scenario) (*coalition.Simulation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.e.Simulate(ctx, m, sc)
}
func (s *serialEngine) Coalition(p *coalition.Prediction) *coalition.Coalition {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.e.Coalition(p)
}

var (
	worldOnce sync.Once
	worldPath string
	worldErr  error
)

// testServer serves the API over a copy-free store holding the coalition
// engine's synthetic world (real membership, synthetic votes 2006-2016),
// the curated facts, and the real registry, coder and ingestion.
func testServer(t *testing.T, mutate func(*Config, *Services)) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	reg, err := registry.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := duckdb.Open(ctx, duckdb.Config{Path: filepath.Join(t.TempDir(), "api.duckdb"), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Update(ctx, func(tx entente.Tx) error { return tx.ReplaceRegistry(ctx, reg.Data()) }); err != nil {
		t.Fatal(err)
	}
	coalitiontest.Write(t, st, reg, coalitiontest.Options{Session70: true})
	if _, err := curated.Ensure(ctx, st); err != nil {
		t.Fatal(err)
	}
	meas, err := measures.New(st, measures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	c, err := coder.New(coder.DefaultConfig(), reg)
	if err != nil {
		t.Fatal(err)
	}
	icfg := ingest.DefaultConfig()
	icfg.Client = GuardedClient(icfg.Timeout, false)
	rd, err := ingest.NewReader(icfg)
	if err != nil {
		t.Fatal(err)
	}
	ing, err := ingest.NewService(icfg, st, c)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	cfg := DefaultConfig()
	cfg.Token = testToken
	cfg.MaxBody = 64 << 10
	cfg.DataDir = "../importer/testdata/cowstates"
	svc := Services{
		Registry: reg, Store: st, Measures: meas, Coder: c, Documents: rd, Ingester: ing, Now: now,
		Forecasts: &worldForecasts{st: st, reg: reg, engs: map[time.Time]*coalition.Engine{}},
		NewImporter: func(p importer.Progress) (Importer, error) {
			return importer.New(st, importer.Config{Registry: reg, Progress: p})
		},
		Web: fstest.MapFS{"placeholder.html": {Data: []byte("<p>placeholder</p>")}},
	}
	if mutate != nil {
		mutate(&cfg, &svc)
	}
	srv, err := New(cfg, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return ts
}

// apiCase is one request and what must come back. Every operation of the
// OpenAPI document has at least one (TestOpenAPI_Coverage checks it).
type apiCase struct {
	name, method, path string
	body               any
	token              string
	status             int
	field              string // the problem's field, for 4xx answers
	want               string // a substring of the body
	check              func(t *testing.T, body []byte)
}

var motivating = func() string {
	b, err := os.ReadFile("../motions/dprk-troops-2024.yaml")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

var worldMotion = map[string]any{"id": "iran-hr-2017", "title": "Situation of human rights in the Islamic Republic of Iran", "date": "2017-03-01", "kind": "condemn", "targets": []string{"IRN"}, "sponsors": []string{"CAN"}, "issues": []string{"hr"}, "similar": []string{"A/RES/71/141"}}

var russiaCondemns = map[string]any{"id": "russia-condemns", "title": "Russia condemns", "changes": []map[string]string{{"kind": "stance", "a": "RUS", "stance": "condemns"}}}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

var apiCases = []apiCase{
	{name: "actors", method: "GET", path: "/api/v1/actors?kind=state&date=2024-01-01", status: 200, check: func(t *testing.T, b []byte) {
		as := decode[[]actorSummary](t, b)
		if len(as) < 190 {
			t.Errorf("%d states in 2024, want at least 190", len(as))
		}
	}},
	{name: "actors bad date", method: "GET", path: "/api/v1/actors?date=2024-13-01", status: 400, field: "date"},
	{name: "actor by COW code", method: "GET", path: "/api/v1/actors/365?date=1980-01-01", status: 200, want: `"code":"SUN"`},
	{name: "actor unknown", method: "GET", path: "/api/v1/actors/Atlantis", status: 404, field: "code"},
	{name: "search COW 365 in 1980", method: "GET", path: "/api/v1/search?q=COW+365+in+1980", status: 200, want: `"code":"SUN"`},
	{name: "search the Kremlin in 2024", method: "GET", path: "/api/v1/search?q=the+Kremlin&date=2024-11-01", status: 200, want: `"RUSGOV"`},
	{name: "search empty", method: "GET", path: "/api/v1/search?q=", status: 400, field: "q"},
	{name: "mentions", method: "POST", path: "/api/v1/mentions", body: map[string]string{"text": "Duterte met Moon Jae-in", "date": "2020-01-01"}, status: 200, want: `"PHL`},
	{name: "mentions unknown field", method: "POST", path: "/api/v1/mentions", body: map[string]string{"txt": "x"}, status: 400, field: "txt"},
	{name: "sources", method: "GET", path: "/api/v1/sources", status: 200, want: `synthetic:world`},
	{name: "dyad", method: "GET", path: "/api/v1/dyads/RUS/CHN?from=2010&to=2016", status: 200, check: func(t *testing.T, b []byte) {
		d := decode[measures.Dyad](t, b)
		if d.A != "RUS" || d.B != "CHN" || len(d.Years) != 7 {
			t.Errorf("dyad %s %s with %d years, want RUS CHN with 7", d.A, d.B, len(d.Years))
		}
	}},
	{name: "dyad by names", method: "GET", path: "/api/v1/dyads/Philippines/Russia?from=2015&to=2016", status: 200, want: `"a":"PHL","b":"RUS"`},
	{name: "dyad unknown actor", method: "GET", path: "/api/v1/dyads/PHL/Atlantis", status: 404, field: "b"},
	{name: "dyad bad year", method: "GET", path: "/api/v1/dyads/PHL/RUS?from=twenty", status: 400, field: "from"},
	{name: "dyad same actor", method: "GET", path: "/api/v1/dyads/RUS/Russia", status: 400, field: "b"},
	{name: "leverage", method: "GET", path: "/api/v1/leverage/PRK?year=2016", status: 200, want: `"over":"PRK"`},
	{name: "leverage bad year", method: "GET", path: "/api/v1/leverage/PRK?year=1700", status: 400, field: "year"},
	{name: "alignment", method: "GET", path: "/api/v1/alignment/PHL?session=70", status: 200, want: `"session":70`},
	{name: "alignment bad session", method: "GET", path: "/api/v1/alignment/PHL?session=x", status: 400, field: "session"},
	{name: "map agreement", method: "GET", path: "/api/v1/map?measure=agreement&country=USA&year=2015", status: 200, check: func(t *testing.T, b []byte) {
		m := decode[measures.Choropleth](t, b)
		if len(m.Values) < 150 {
			t.Errorf("%d states on the agreement map, want at least 150", len(m.Values))
		}
	}},
	{name: "map unknown measure", method: "GET", path: "/api/v1/map?measure=love&country=USA", status: 400, field: "measure"},
	{name: "map no country", method: "GET", path: "/api/v1/map?measure=trade", status: 400, field: "country"},
	{name: "network votes", method: "GET", path: "/api/v1/network?tie=votes&year=2015&threshold=0.9", status: 200, check: func(t *testing.T, b []byte) {
		n := decode[measures.Network](t, b)
		if n.Communities < 2 || len(n.Edges) == 0 {
			t.Errorf("%d communities and %d edges, want blocs", n.Communities, len(n.Edges))
		}
	}},
	{name: "network bad tie", method: "GET", path: "/api/v1/network?tie=love", status: 400, field: "tie"},
	{name: "network bad threshold", method: "GET", path: "/api/v1/network?tie=arms&threshold=2", status: 400, field: "threshold"},
	{name: "events", method: "GET", path: "/api/v1/events?limit=5&negated=false", status: 200, want: `"limit":5`},
	{name: "events bad modality", method: "GET", path: "/api/v1/events?modality=sure", status: 400, field: "modality"},
	{name: "events bad limit", method: "GET", path: "/api/v1/events?limit=0", status: 400, field: "limit"},
	{name: "documents", method: "GET", path: "/api/v1/documents", status: 200},
	{name: "document unknown", method: "GET", path: "/api/v1/documents/doc:0000000000000000", status: 404},
	{name: "document bad id", method: "GET", path: "/api/v1/documents/x", status: 400, field: "id"},
	{name: "extract the silence", method: "POST", path: "/api/v1/extract", body: map[string]string{"text": "Title: t\nDate: 2024-11-05\n\nChina remained silent. India refused to condemn Russia."}, status: 200, check: func(t *testing.T, b []byte) {
		docs := decode[[]readingDoc](t, b)
		if len(docs) != 1 || len(docs[0].Events) == 0 {
			t.Fatalf("no events in %s", b)
		}
		e := docs[0].Events[0]
		if e.CAMEO != "011" || docs[0].Text[e.TriggerStart:e.TriggerEnd] == "" {
			t.Errorf("first event %+v, want CAMEO 011 with a trigger", e)
		}
	}},
	{name: "extract nothing", method: "POST", path: "/api/v1/extract", body: map[string]string{}, status: 400, field: "text"},
	{name: "extract a file path", method: "POST", path: "/api/v1/extract", body: map[string]string{"url": "/etc/passwd"}, status: 400, field: "url"},
	{name: "extract loopback", method: "POST", path: "/api/v1/extract", body: map[string]string{"url": "http://127.0.0.1:9/"}, status: 403, want: "private or loopback"},
	{name: "predict", method: "POST", path: "/api/v1/predict", body: map[string]any{"motion": worldMotion}, status: 200, check: func(t *testing.T, b []byte) {
		var p struct {
			States []coalition.StatePrediction `json:"states"`
		}
		p = decode[struct {
			States []coalition.StatePrediction `json:"states"`
		}](t, b)
		if len(p.States) < 180 {
			t.Errorf("%d states predicted, want every UN member", len(p.States))
		}
	}},
	{name: "predict the motivating motion as YAML text", method: "POST", path: "/api/v1/predict", body: map[string]any{"motion": motivating, "asof": "2017-06-01"}, status: 200, want: `"dprk-troops-2024"`},
	{name: "predict bad motion field", method: "POST", path: "/api/v1/predict", body: map[string]any{"motion": map[string]any{"id": "x", "title": "x", "date": "2017-02-30", "kind": "condemn"}}, status: 400, field: "date"},
	{name: "predict no motion", method: "POST", path: "/api/v1/predict", body: map[string]any{}, status: 400, field: "motion"},
	{name: "predict no data", method: "POST", path: "/api/v1/predict", body: map[string]any{"motion": worldMotion, "asof": "1950-01-01"}, status: 404},
	{name: "coalition with scenario", method: "POST", path: "/api/v1/coalition", body: map[string]any{"motion": worldMotion, "scenario": russiaCondemns}, status: 200, want: `"moves"`},
	{name: "scenario", method: "POST", path: "/api/v1/scenario", body: map[string]any{"motion": worldMotion, "scenario": russiaCondemns}, status: 200, want: `"changes"`},
	{name: "scenario missing", method: "POST", path: "/api/v1/scenario", body: map[string]any{"motion": worldMotion}, status: 400, field: "scenario"},
	{name: "ingest without token", method: "POST", path: "/api/v1/jobs/ingest", body: map[string]string{"text": "China remained silent."}, status: 401},
	{name: "ingest with a wrong token", method: "POST", path: "/api/v1/jobs/ingest", token: "nope", body: map[string]string{"text": "China remained silent."}, status: 401},
	{name: "ingest", method: "POST", path: "/api/v1/jobs/ingest", token: testToken, body: map[string]string{"text": "Title: t\nDate: 2024-11-05\n\nChina remained silent.", "date": ""}, status: 202, want: `"kind":"ingest"`},
	{name: "ingest too large", method: "POST", path: "/api/v1/jobs/ingest", token: testToken, body: map[string]string{"text": strings.Repeat("x", 70<<10)}, status: 413},
	{name: "import", method: "POST", path: "/api/v1/jobs/import", token: testToken, body: map[string]any{"paths": []string{"cow_majors.csv"}}, status: 202, want: `"kind":"import"`},
	{name: "import outside the data folder", method: "POST", path: "/api/v1/jobs/import", token: testToken, body: map[string]any{"paths": []string{"../../go.mod"}}, status: 400, field: "paths"},
	{name: "import absolute path", method: "POST", path: "/api/v1/jobs/import", token: testToken, body: map[string]any{"paths": []string{"/etc/passwd"}}, status: 400, field: "paths"},
	{name: "jobs", method: "GET", path: "/api/v1/jobs", status: 200},
	{name: "job unknown", method: "GET", path: "/api/v1/jobs/job-999", status: 404},
	{name: "no such endpoint", method: "GET", path: "/api/v1/nothing", status: 404},
	{name: "web app", method: "GET", path: "/", status: 200, want: "placeholder"},
	{name: "web app refuses POST", method: "POST", path: "/", body: map[string]string{}, status: 405},
}

func do(t *testing.T, ts *httptest.Server, method, path string, body any, token string) (int, nethttp.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := nethttp.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

func TestServer_API(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the coalition model on the synthetic world: skipped with -short")
	}
	ts := testServer(t, nil)
	for _, tc := range apiCases {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := do(t, ts, tc.method, tc.path, tc.body, tc.token)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if status >= 400 && strings.HasPrefix(tc.path, "/api/") {
				if ct := h.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("content type %q, want application/problem+json", ct)
				}
				p := decode[Problem](t, body)
				if p.Status != status || p.Title == "" {
					t.Errorf("problem %+v does not match status %d", p, status)
				}
				if p.Field != tc.field {
					t.Errorf("problem field %q, want %q (%s)", p.Field, tc.field, p.Detail)
				}
			}
			if tc.want != "" && !bytes.Contains(body, []byte(tc.want)) {
				t.Errorf("body does not contain %s: %.600s", tc.want, body)
			}
			if tc.check != nil {
				tc.check(t, body)
			}
		})
	}
	t.Run("jobs finish and the document is stored", func(t *testing.T) {
		deadline := time.Now().Add(time.Minute)
		for {
			_, _, b := do(t, ts, "GET", "/api/v1/jobs", nil, "")
			jobs := decode[[]Job](t, b)
			done := 0
			for _, j := range jobs {
				if j.State == "failed" {
					t.Fatalf("job %s failed: %+v", j.ID, j.Error)
				}
				if j.State == "done" {
					done++
				}
			}
			if done == len(jobs) && done >= 2 {
				for _, j := range jobs {
					if j.Kind == "import" && (j.Progress.Done == 0 || j.Progress.Done != j.Progress.Total) {
						t.Errorf("import progress %+v, want all bytes read", j.Progress)
					}
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("jobs unfinished: %s", b)
			}
			time.Sleep(100 * time.Millisecond)
		}
		_, _, b := do(t, ts, "GET", "/api/v1/documents", nil, "")
		docs := decode[[]documentSummary](t, b)
		if len(docs) != 1 {
			t.Fatalf("%d documents stored, want 1", len(docs))
		}
		status, _, b := do(t, ts, "GET", "/api/v1/documents/"+docs[0].ID, nil, "")
		if status != 200 || !bytes.Contains(b, []byte("China remained silent.")) {
			t.Errorf("document %s: %d %s", docs[0].ID, status, b)
		}
		for _, q := range []string{"source=CHN&cameo=01", "actor=China&plover=STATEMENT", "actor=CHN&negated=false&modality=asserted"} {
			status, _, b = do(t, ts, "GET", "/api/v1/events?"+q, nil, "")
			if status != 200 || !bytes.Contains(b, []byte(`"total":1`)) {
				t.Errorf("events %s: %d %s", q, status, b)
			}
		}
	})
}

func TestServer_WritesOff(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a store: skipped with -short")
	}
	ts := testServer(t, func(c *Config, s *Services) { c.Token = "" })
	status, _, body := do(t, ts, "POST", "/api/v1/jobs/ingest", map[string]string{"text": "x"}, "anything")
	if status != 403 || !bytes.Contains(body, []byte("--token-file")) {
		t.Errorf("ingest without a configured token: %d %s", status, body)
	}
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		ok     bool
	}{
		{"default", func(*Config) {}, true},
		{"bad address", func(c *Config) { c.Addr = "8080" }, false},
		{"no body", func(c *Config) { c.MaxBody = 0 }, false},
		{"write timeout below request timeout", func(c *Config) { c.WriteTimeout = c.RequestTimeout }, false},
		{"page size above max", func(c *Config) { c.PageSize = c.MaxPageSize + 1 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.mutate(&c)
			if err := c.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
	if !DefaultConfig().Loopback() {
		t.Error("the default address is not loopback")
	}
}
