package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente/internal/shared"
)

func TestPetrarchValidate(t *testing.T) {
	records := filepath.Join("testdata", "petrarch", "records.xml")
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"table", []string{"petrarch", "validate", records}, "petrarch_validate.txt"},
		{"csv failures", []string{"petrarch", "validate", records, "--failures", "--format", "csv"}, "petrarch_validate_failures.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, tempDB(t), tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
	t.Run("json", func(t *testing.T) {
		out, errOut, code := run(t, tempDB(t), "petrarch", "validate", records, "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var rep struct {
			Results []struct {
				ID   string `json:"id"`
				Pass bool   `json:"pass"`
			} `json:"results"`
			Total struct{ Passed, Total int } `json:"total"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Total.Passed != 3 || rep.Total.Total != 4 || len(rep.Results) != 4 {
			t.Errorf("report %+v", rep)
		}
	})
}

func TestPetrarchValidate_errors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(bad, []byte("<Validation>\n<Sentences>\n<Sentence id=\"X-1\" date=\"1995\" sentence=\"true\"></Sentence>\n</Sentences></Validation>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"petrarch", "validate"}, 2, "needs one records file"},
		{"missing file", []string{"petrarch", "validate", "nope.xml"}, 2, "no such file nope.xml"},
		{"bad record", []string{"petrarch", "validate", bad}, 1, bad + ":3: field date"},
		{"missing dictionaries", []string{"petrarch", "validate", filepath.Join("testdata", "petrarch", "records.xml"), "--dict", t.TempDir()}, 1, "verbs.txt: field file: dictionary not found"},
		{"no subcommand", []string{"petrarch"}, 2, "petrarch needs a subcommand"},
		{"actors without dict", []string{"petrarch", "actors"}, 2, "needs --dict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := run(t, tempDB(t), tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

func TestPetrarchActors(t *testing.T) {
	out, errOut, code := run(t, tempDB(t), "petrarch", "actors", "--dict", filepath.Join("testdata", "petrarch"), "--actors", "actors.txt", "--on", "2000-01-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "petrarch_actors.txt", out)
}

// TestPetrarchValidate_unitTests runs the whole PETRARCH unit-test suite
// through the command, as an analyst would.
func TestPetrarchValidate_unitTests(t *testing.T) {
	dir := shared.Path(t, "petrarch2")
	out, errOut, code := run(t, tempDB(t), "petrarch", "validate", filepath.Join(dir, "validation", "PETR.UnitTest.records.xml"),
		"--dict", filepath.Join(dir, "dictionaries"), "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Total struct{ Passed, Total int } `json:"total"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Total.Total != 279 || rep.Total.Passed < 250 {
		t.Errorf("passed %d of %d, want at least 250 of 279", rep.Total.Passed, rep.Total.Total)
	}
}

func TestPetrarchCode(t *testing.T) {
	dict := filepath.Join("testdata", "petrarch", "validate-set")
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"text", []string{"petrarch", "code", filepath.Join("testdata", "petrarch", "sentences.txt"), "--dict", dict, "--set", "validate", "--date", "1990-06-01", "--uncoded"}, "petrarch_code_text.txt"},
		{"xml with parses", []string{"petrarch", "code", filepath.Join("testdata", "petrarch", "records.xml"), "--dict", dict, "--set", "validate", "--format", "csv"}, "petrarch_code_xml.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, tempDB(t), tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
	t.Run("builtin alongside", func(t *testing.T) {
		out, errOut, code := run(t, tempDB(t), "petrarch", "code", filepath.Join("testdata", "petrarch", "sentences.txt"), "--dict", dict, "--set", "validate", "--builtin", "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var rows []struct{ Coder, Source, CAMEO string }
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatal(err)
		}
		byCoder := map[string]int{}
		for _, r := range rows {
			byCoder[r.Coder]++
		}
		// The entente coder's own output is its tests' business; here only
		// that both coders are listed and labelled.
		if byCoder["petrarch"] != 4 || len(byCoder) > 2 {
			t.Errorf("rows by coder %v", byCoder)
		}
	})
	t.Run("usage", func(t *testing.T) {
		_, errOut, code := run(t, tempDB(t), "petrarch", "code", "x.txt", "--dict", dict, "--set", "nope")
		if code != 2 || !strings.Contains(errOut, "unknown --set") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
}
