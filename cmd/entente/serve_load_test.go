package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	apihttp "entente/http"
)

// TestServe_Load is the bounded load test of the API on loopback: for the
// dyad and predict endpoints, Clients concurrent clients send requests
// for Duration each, and the test reports throughput and p50/p99 latency
// and fails on any error. It runs only with ENTENTE_LOADTEST=1 (make
// loadtest), on the store in ENTENTE_SERVE_DB (make loadtest uses the demo
// store) or else on the synthetic world.
func TestServe_Load(t *testing.T) {
	if os.Getenv("ENTENTE_LOADTEST") != "1" {
		t.Skip("load test: run with ENTENTE_LOADTEST=1 (make loadtest)")
	}
	clients, duration := 50, 30*time.Second
	if v, err := strconv.Atoi(os.Getenv("ENTENTE_LOAD_CLIENTS")); err == nil && v > 0 {
		clients = v
	}
	if v, err := time.ParseDuration(os.Getenv("ENTENTE_LOAD_DURATION")); err == nil && v > 0 {
		duration = v
	}
	db, asof := browserStore(t)
	m, logs := serveMain(t, db)
	srv, err := m.Server(context.Background(), apihttp.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	motion, err := os.ReadFile("../../motions/dprk-troops-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	predictBody, _ := json.Marshal(map[string]string{"motion": string(motion), "asof": asof})
	dyads := [][2]string{{"PHL", "RUS"}, {"CHN", "PRK"}, {"RUS", "PRK"}, {"USA", "CHN"}, {"IND", "RUS"}, {"SGP", "USA"}, {"MYS", "CHN"}, {"NER", "RUS"}}
	endpoints := []struct {
		name string
		req  func(i int) (*nethttp.Request, error)
	}{
		{"dyad", func(i int) (*nethttp.Request, error) {
			d := dyads[i%len(dyads)]
			return nethttp.NewRequest("GET", fmt.Sprintf("%s/api/v1/dyads/%s/%s?from=2010&to=2024", base, d[0], d[1]), nil)
		}},
		{"predict", func(int) (*nethttp.Request, error) {
			return nethttp.NewRequest("POST", base+"/api/v1/predict", bytes.NewReader(predictBody))
		}},
	}
	client := &nethttp.Client{Transport: &nethttp.Transport{MaxIdleConnsPerHost: clients}, Timeout: 10 * time.Minute}
	for _, ep := range endpoints {
		t.Run(ep.name, func(t *testing.T) {
			// One request first: the predict engine for the day is loaded
			// (or fitted) once, and that is not what the load test measures.
			warm := time.Now()
			if err := send(client, ep.req, 0); err != nil {
				t.Fatalf("warm-up: %v; log: %s", err, logs)
			}
			t.Logf("%s warm-up request: %v", ep.name, time.Since(warm).Round(time.Millisecond))
			var mu sync.Mutex
			var lat []time.Duration
			var errs []error
			stop := time.Now().Add(duration)
			var wg sync.WaitGroup
			start := time.Now()
			for c := 0; c < clients; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					for i := c; time.Now().Before(stop); i += clients {
						t0 := time.Now()
						err := send(client, ep.req, i)
						d := time.Since(t0)
						mu.Lock()
						if err != nil {
							errs = append(errs, err)
						} else {
							lat = append(lat, d)
						}
						mu.Unlock()
					}
				}(c)
			}
			wg.Wait()
			elapsed := time.Since(start)
			slices.Sort(lat)
			q := func(p float64) time.Duration {
				if len(lat) == 0 {
					return 0
				}
				return lat[min(len(lat)-1, int(p*float64(len(lat))))]
			}
			t.Logf("%s: %d clients, %v: %d requests, %.1f req/s, p50 %v, p99 %v, max %v, %d errors",
				ep.name, clients, elapsed.Round(time.Millisecond), len(lat), float64(len(lat))/elapsed.Seconds(),
				q(0.50).Round(100*time.Microsecond), q(0.99).Round(100*time.Microsecond), q(1).Round(100*time.Microsecond), len(errs))
			if len(errs) > 0 {
				t.Errorf("%d errors, first: %v", len(errs), errs[0])
			}
		})
	}
}

// send makes one request and fails unless it answers 200 with a body.
func send(c *nethttp.Client, mk func(int) (*nethttp.Request, error), i int) error {
	req, err := mk(i)
	if err != nil {
		return err
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != 200 || n == 0 {
		return fmt.Errorf("%s %s: status %d", req.Method, req.URL.Path, res.StatusCode)
	}
	return nil
}
