package registry

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"entente"
	"entente/internal/shared"
)

// readCSV reads a whole CSV file with a header into maps by column name.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := make(map[string]string, len(row))
		for i, col := range rows[0] {
			m[col] = row[i]
		}
		out = append(out, m)
	}
	return out
}

// cowSpell is one spell of system membership from cow_states.csv or
// gw_states.csv.
type cowSpell struct {
	code, abb, name string
	from, to        time.Time
}

func cowSpells(t *testing.T) []cowSpell {
	var out []cowSpell
	for _, r := range readCSV(t, shared.Path(t, "cow-states", "cow_states.csv")) {
		ymd := func(y, m, dd string) time.Time {
			yi, _ := strconv.Atoi(r[y])
			mi, _ := strconv.Atoi(r[m])
			di, _ := strconv.Atoi(r[dd])
			return entente.Day(yi, time.Month(mi), di)
		}
		out = append(out, cowSpell{r["ccode"], r["stateabb"], r["statenme"], ymd("styear", "stmonth", "stday"), ymd("endyear", "endmonth", "endday")})
	}
	return out
}

func gwSpells(t *testing.T) []cowSpell {
	var out []cowSpell
	for _, r := range readCSV(t, shared.Path(t, "cow-states", "gw_states.csv")) {
		out = append(out, cowSpell{r["gwcode"], r["stateabb"], r["statename"], d(r["startdate"]), d(r["enddate"])})
	}
	return out
}

// spellException records where the registry knowingly differs from a
// COW or Gleditsch–Ward spell, and why. Every entry is checked: the
// registry must give exactly Want (an actor code, or "" for no actor) on
// the day, so an exception cannot hide a regression.
type spellException struct {
	Scheme entente.CodeScheme
	Code   string
	On     string
	Field  string // "actor" or the alpha-code scheme
	Want   string
	Why    string
}

var spellExceptions = []spellException{}

func exceptionFor(scheme entente.CodeScheme, code string, on time.Time, field string) (spellException, bool) {
	for _, e := range spellExceptions {
		if e.Scheme == scheme && e.Code == code && e.On == on.Format(entente.DateLayout) && e.Field == field {
			return e, true
		}
	}
	return spellException{}, false
}

// checkSpells checks that on the first and last day of every spell the
// numeric code maps to an actor whose code in that scheme that day is the
// spell's, and whose alpha code is the spell's abbreviation.
func checkSpells(t *testing.T, r *Registry, spells []cowSpell, num, abb entente.CodeScheme) {
	for _, s := range spells {
		for _, on := range []time.Time{s.from, s.to} {
			name := fmt.Sprintf("%s_%s_%s", s.code, s.abb, on.Format(entente.DateLayout))
			t.Run(name, func(t *testing.T) {
				a, err := r.ByCode(num, s.code, on)
				got := a.Code
				if e, ok := exceptionFor(num, s.code, on, "actor"); ok {
					if got != e.Want {
						t.Errorf("exception %s %s on %s: registry gives %q, exception says %q (%s)", num, s.code, on.Format(entente.DateLayout), got, e.Want, e.Why)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s (%s) %s %s on %s: no actor: %v", s.name, s.abb, num, s.code, on.Format(entente.DateLayout), err)
				}
				if c := a.CodeIn(num, on); c != s.code {
					t.Errorf("%s %s on %s resolves to %s whose %s is %q", num, s.code, on.Format(entente.DateLayout), a.Code, num, c)
				}
				gotAbb := a.CodeIn(abb, on)
				if e, ok := exceptionFor(num, s.code, on, string(abb)); ok {
					if gotAbb != e.Want {
						t.Errorf("exception %s %s on %s: %s is %q, exception says %q (%s)", num, s.code, on.Format(entente.DateLayout), abb, gotAbb, e.Want, e.Why)
					}
					return
				}
				if gotAbb != s.abb {
					t.Errorf("%s (%s %s) on %s: %s %s has %s %q, dataset says %q", s.name, num, s.code, on.Format(entente.DateLayout), a.Code, a.Name, abb, gotAbb, s.abb)
				}
			})
		}
	}
}

func TestRegistry_COWStates(t *testing.T) {
	spells := cowSpells(t)
	checkSpells(t, embedded(t), spells, entente.SchemeCOWNum, entente.SchemeCOWAbb)
}

func TestRegistry_GWStates(t *testing.T) {
	spells := gwSpells(t)
	checkSpells(t, embedded(t), spells, entente.SchemeGWNum, entente.SchemeGWAbb)
}

// crosswalkCheck is an explicit expectation for a crosswalk row that the
// static table cannot check by itself, with the reason.
type crosswalkCheck struct {
	Country string // country.name.en in codelist.csv
	On      string
	Scheme  entente.CodeScheme
	Want    string
	Why     string
	// Replaces marks a row whose automatic check does not apply because the
	// crosswalk and the registry knowingly disagree; this check runs instead.
	Replaces bool
}

// crosswalkChecks documents the known gaps of the crosswalk's static table
// and asserts what the registry gives instead.
var crosswalkChecks = []crosswalkCheck{
	{"Serbia", "2016-12-31", entente.SchemeCOWNum, "345",
		"the static table has no cown for Serbia; COW codes Serbia from 2006-06-05 as 345, the code of Yugoslavia and Serbia and Montenegro", false},
	{"Serbia", "2016-12-31", entente.SchemeCOWAbb, "YUG",
		"the static table has no cowc for Serbia; COW keeps the alpha code YUG for 345", false},
	{"Germany", "1980-01-01", entente.SchemeCOWNum, "260",
		"the static table gives united Germany's 255; COW codes West Germany 1955-05-05..1990-10-02 as 260 GFR", false},
	{"Germany", "1980-01-01", entente.SchemeCOWAbb, "GFR",
		"the static table gives united Germany's GMY; West Germany was GFR", false},
	{"Yemen", "1990-05-21", entente.SchemeISO3, "",
		"the static row is unified Yemen (from 1990-05-22); the day before, ISO3 YEM was North Yemen's, so Yemen itself has none", false},
	{"Vatican City", "2020-01-01", entente.SchemeCOWNum, "",
		"the crosswalk gives Vatican City the Papal States' COW code 327 PAP; the registry keeps the Papal States (PAP, to 1870) as their own actor and the Holy See (VAT, from 1929) has no COW code", true},
}

// TestRegistry_CrosswalkRoundTrip checks every row of the countrycode
// crosswalk that has a COW code: on the last day of its COW membership the
// ISO3 code maps to an actor whose COW code is the row's and back, and the
// actor's ISO2, ISO numeric and COW alpha codes are the row's. Rows without
// an ISO3 code (states dissolved before ISO 3166 or never in it, such as
// Bavaria or Czechoslovakia's 315 row) are checked through their COW codes
// alone.
func TestRegistry_CrosswalkRoundTrip(t *testing.T) {
	r := embedded(t)
	rows := readCSV(t, shared.Path(t, "countrycode-crosswalk", "codelist.csv"))
	lastDay := map[string]time.Time{}
	for _, s := range cowSpells(t) {
		if s.to.After(lastDay[s.code]) {
			lastDay[s.code] = s.to
		}
	}
	for _, row := range rows {
		cown := row["cown"]
		if cown == "" {
			continue // territories; Serbia is covered by crosswalkChecks
		}
		t.Run(row["country.name.en"], func(t *testing.T) {
			for _, c := range crosswalkChecks {
				if c.Replaces && c.Country == row["country.name.en"] {
					t.Logf("row replaced by an explicit check: %s", c.Why)
					return
				}
			}
			on, ok := lastDay[cown]
			if !ok {
				t.Fatalf("cown %s not in cow_states.csv", cown)
			}
			day := on.Format(entente.DateLayout)
			byCOW, err := r.ByCode(entente.SchemeCOWNum, cown, on)
			if err != nil {
				t.Fatalf("cown %s on %s: %v", cown, day, err)
			}
			if got := byCOW.CodeIn(entente.SchemeCOWAbb, on); got != row["cowc"] {
				t.Errorf("cown %s on %s is %s with cowc %q, crosswalk %q", cown, day, byCOW.Code, got, row["cowc"])
			}
			iso3 := row["iso3c"]
			if iso3 == "" {
				return
			}
			a, err := r.ByCode(entente.SchemeISO3, iso3, on)
			if err != nil {
				t.Fatalf("iso3 %s on %s: %v", iso3, day, err)
			}
			if a.Code != byCOW.Code {
				t.Errorf("on %s iso3 %s is %s but cown %s is %s", day, iso3, a.Code, cown, byCOW.Code)
			}
			if got := a.CodeIn(entente.SchemeCOWNum, on); got != cown {
				t.Errorf("%s on %s has cown %q, crosswalk %q", a.Code, day, got, cown)
			}
			if got, err := r.Convert(entente.SchemeCOWNum, cown, entente.SchemeISO3, on); got != iso3 {
				t.Errorf("Convert(cown %s → iso3) on %s = %q, %v; want %s", cown, day, got, err, iso3)
			}
			if want := row["iso2c"]; want != "" {
				if got := a.CodeIn(entente.SchemeISO2, on); got != want {
					t.Errorf("%s on %s has iso2 %q, crosswalk %q", a.Code, day, got, want)
				}
				if b, err := r.ByCode(entente.SchemeISO2, want, on); err != nil || b.Code != a.Code {
					t.Errorf("iso2 %s on %s = %s, %v; want %s", want, day, b.Code, err, a.Code)
				}
			}
			if want := row["iso3n"]; want != "" {
				got := a.CodeIn(entente.SchemeISONum, on)
				gi, _ := strconv.Atoi(got)
				wi, _ := strconv.Atoi(want)
				if gi != wi || got == "" {
					t.Errorf("%s on %s has isonum %q, crosswalk %q", a.Code, day, got, want)
				}
			}
		})
	}
	for _, c := range crosswalkChecks {
		t.Run("check/"+c.Country+"/"+string(c.Scheme)+"/"+c.On, func(t *testing.T) {
			var row map[string]string
			for _, r := range rows {
				if r["country.name.en"] == c.Country {
					row = r
				}
			}
			if row == nil {
				t.Fatalf("crosswalk has no row %q", c.Country)
			}
			on := d(c.On)
			a, err := r.ByCode(entente.SchemeISO3, row["iso3c"], on)
			if c.Scheme == entente.SchemeISO3 && c.Want == "" {
				if err == nil && a.Code == row["iso3c"] {
					t.Errorf("%s: iso3 %s resolves to itself on %s (%s)", c.Country, row["iso3c"], c.On, c.Why)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: iso3 %s on %s: %v", c.Country, row["iso3c"], c.On, err)
			}
			if got := a.CodeIn(c.Scheme, on); got != c.Want {
				t.Errorf("%s on %s: %s is %q, want %q (%s)", c.Country, c.On, c.Scheme, got, c.Want, c.Why)
			}
		})
	}
}
