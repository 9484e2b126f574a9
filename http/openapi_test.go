package http

import (
	"encoding/json"
	nethttp "net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

type openAPIDoc struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
}

func readOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// TestOpenAPI_Routes checks the document against the route table both
// ways: every registered endpoint is described, every description served.
func TestOpenAPI_Routes(t *testing.T) {
	doc := readOpenAPI(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	registered := map[string]bool{}
	for _, r := range routes {
		registered[r.method+" "+r.path] = true
		if !documented[r.method+" "+r.path] {
			t.Errorf("%s %s is registered but not in openapi.json", r.method, r.path)
		}
	}
	for op := range documented {
		if !registered[op] {
			t.Errorf("%s is in openapi.json but not registered", op)
		}
	}
}

// TestOpenAPI_Coverage checks that every operation has a test case in
// apiCases, matched the way the server matches requests.
func TestOpenAPI_Coverage(t *testing.T) {
	mux := nethttp.NewServeMux()
	for _, r := range routes {
		mux.HandleFunc(r.method+" "+r.path, func(nethttp.ResponseWriter, *nethttp.Request) {})
	}
	covered := map[string]int{}
	for _, c := range apiCases {
		_, pattern := mux.Handler(httptest.NewRequest(c.method, c.path, nil))
		covered[pattern]++
	}
	var missing []string
	for _, r := range routes {
		if covered[r.method+" "+r.path] == 0 {
			missing = append(missing, r.method+" "+r.path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("operations without a test case: %v", missing)
	}
}
