package registry

import (
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"entente"
)

var (
	miniOnce sync.Once
	miniReg  *Registry
	miniErr  error
)

// mini loads the small fixture registry in testdata/mini, which unit tests
// use so that they do not depend on the real data being finished.
func mini(t testing.TB) *Registry {
	t.Helper()
	miniOnce.Do(func() { miniReg, miniErr = LoadFS(os.DirFS("testdata/mini")) })
	if miniErr != nil {
		t.Fatalf("load testdata/mini: %v", miniErr)
	}
	return miniReg
}

var (
	embOnce sync.Once
	embReg  *Registry
	embErr  error
)

// embedded loads the real registry compiled into the package.
func embedded(t testing.TB) *Registry {
	t.Helper()
	embOnce.Do(func() { embReg, embErr = Load() })
	if embErr != nil {
		t.Fatalf("load embedded registry: %v", embErr)
	}
	return embReg
}

// registries runs a test against the fixture and the real registry, so the
// date edge cases are checked both on data the test controls and on the
// data that ships.
func registries(t *testing.T, fn func(t *testing.T, r *Registry)) {
	t.Run("mini", func(t *testing.T) { fn(t, mini(t)) })
	t.Run("embedded", func(t *testing.T) { fn(t, embedded(t)) })
}

func TestRegistry_ByCode(t *testing.T) {
	tests := []struct {
		name   string
		scheme entente.CodeScheme
		value  string
		on     string
		want   string // actor code; "" means ErrNotFound
	}{
		{"cow 365 last Soviet day", entente.SchemeCOWNum, "365", "1991-12-25", "SUN"},
		{"cow 365 first Russian day", entente.SchemeCOWNum, "365", "1991-12-26", "RUS"},
		{"cow 365 undated is current holder", entente.SchemeCOWNum, "365", "", "RUS"},
		{"cow 315 last Czechoslovak day", entente.SchemeCOWNum, "315", "1992-12-31", "CSK"},
		{"cow 315 gone after split", entente.SchemeCOWNum, "315", "1993-01-01", ""},
		{"cow 316 Czechia", entente.SchemeCOWNum, "316", "1993-01-01", "CZE"},
		{"cow 317 Slovakia", entente.SchemeCOWNum, "317", "1993-01-01", "SVK"},
		{"cow 316 before split", entente.SchemeCOWNum, "316", "1992-12-31", ""},
		{"South Sudan before independence", entente.SchemeISO3, "SSD", "2011-07-08", ""},
		{"South Sudan independence day", entente.SchemeISO3, "SSD", "2011-07-09", "SSD"},
		{"cow 626 independence day", entente.SchemeCOWNum, "626", "2011-07-09", "SSD"},
		{"Sudan across the split", entente.SchemeCOWNum, "625", "2011-07-09", "SDN"},
		{"iso3 YEM is North Yemen before unity", entente.SchemeISO3, "YEM", "1990-05-21", "YAR"},
		{"iso3 YEM is Yemen from unity", entente.SchemeISO3, "YEM", "1990-05-22", "YEM"},
		{"iso3 YMD last day", entente.SchemeISO3, "YMD", "1990-05-21", "YMD"},
		{"iso3 YMD after unity", entente.SchemeISO3, "YMD", "1990-05-22", ""},
		{"cow 678 North Yemen", entente.SchemeCOWNum, "678", "1990-05-21", "YAR"},
		{"cow 679 unified Yemen", entente.SchemeCOWNum, "679", "1990-05-22", "YEM"},
		{"Montenegro day before independence", entente.SchemeISO3, "MNE", "2006-06-02", ""},
		{"Montenegro independence day", entente.SchemeISO3, "MNE", "2006-06-03", "MNE"},
		{"cow 345 Serbia and Montenegro", entente.SchemeCOWNum, "345", "2006-06-04", "YUG"},
		{"cow 345 Serbia", entente.SchemeCOWNum, "345", "2006-06-05", "SRB"},
		{"cow 260 West Germany", entente.SchemeCOWNum, "260", "1980-01-01", "DEU"},
		{"cow 255 united Germany", entente.SchemeCOWNum, "255", "1995-01-01", "DEU"},
		{"cow 255 during division", entente.SchemeCOWNum, "255", "1980-01-01", ""},
		{"iso numeric with leading zeros", entente.SchemeISONum, "036", "2020-01-01", "AUS"},
		{"iso numeric without leading zeros", entente.SchemeISONum, "36", "2020-01-01", "AUS"},
		{"lower-case iso2", entente.SchemeISO2, "kp", "2020-01-01", "PRK"},
		{"Kosovo by cow", entente.SchemeCOWNum, "347", "2010-01-01", "XKX"},
		{"unknown value", entente.SchemeCOWNum, "9999", "2020-01-01", ""},
	}
	registries(t, func(t *testing.T, r *Registry) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a, err := r.ByCode(tt.scheme, tt.value, d(tt.on))
				if tt.want == "" {
					if !errors.Is(err, entente.ErrNotFound) {
						t.Fatalf("ByCode(%s, %s, %s) = %s, %v; want ErrNotFound", tt.scheme, tt.value, tt.on, a.Code, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("ByCode(%s, %s, %s): %v", tt.scheme, tt.value, tt.on, err)
				}
				if a.Code != tt.want {
					t.Errorf("ByCode(%s, %s, %s) = %s, want %s", tt.scheme, tt.value, tt.on, a.Code, tt.want)
				}
			})
		}
	})
}

func TestRegistry_ByCodeErrors(t *testing.T) {
	r := mini(t)
	tests := []struct {
		name   string
		scheme entente.CodeScheme
		value  string
		want   error
	}{
		{"unknown scheme", "fips", "US", entente.ErrInvalid},
		{"malformed number", entente.SchemeCOWNum, "abc", entente.ErrInvalid},
		{"empty value", entente.SchemeISO3, "", entente.ErrInvalid},
		{"no holder", entente.SchemeISO3, "ZZZ", entente.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := r.ByCode(tt.scheme, tt.value, time.Time{}); !errors.Is(err, tt.want) {
				t.Errorf("ByCode(%s, %q) error %v, want %v", tt.scheme, tt.value, err, tt.want)
			}
		})
	}
}

func TestRegistry_Convert(t *testing.T) {
	tests := []struct {
		name     string
		from     entente.CodeScheme
		value    string
		to       entente.CodeScheme
		on       string
		want     string
		wantErr  error
		fixtures bool // only the mini registry is known to have the row
	}{
		{"Soviet cow to iso3", entente.SchemeCOWNum, "365", entente.SchemeISO3, "1990-01-01", "SUN", nil, false},
		{"Russian cow to iso3", entente.SchemeCOWNum, "365", entente.SchemeISO3, "1992-01-01", "RUS", nil, false},
		{"iso3 to cow alpha", entente.SchemeISO3, "KOR", entente.SchemeCOWAbb, "2020-01-01", "ROK", nil, false},
		{"iso3 to iso numeric padded", entente.SchemeISO3, "AUS", entente.SchemeISONum, "2020-01-01", "036", nil, false},
		{"Germany 1980 to cow", entente.SchemeISO3, "DEU", entente.SchemeCOWNum, "1980-01-01", "260", nil, false},
		{"Germany 2000 to cow", entente.SchemeISO3, "DEU", entente.SchemeCOWNum, "2000-01-01", "255", nil, false},
		{"Germany undated to cow is current", entente.SchemeISO3, "DEU", entente.SchemeCOWNum, "", "255", nil, false},
		{"Yugoslavia 2005 iso3", entente.SchemeCOWNum, "345", entente.SchemeISO3, "2005-01-01", "SCG", nil, false},
		{"state to default cameo", entente.SchemeISO3, "PRK", entente.SchemeCAMEO, "2020-01-01", "PRK", nil, false},
		{"Kosovo has no iso3", entente.SchemeCOWNum, "347", entente.SchemeISO3, "2010-01-01", "", entente.ErrNotFound, false},
		{"bad target scheme", entente.SchemeISO3, "USA", "fips", "", "", entente.ErrInvalid, false},
		{"no source code", entente.SchemeISO3, "ZZZ", entente.SchemeISO2, "", "", entente.ErrNotFound, false},
	}
	registries(t, func(t *testing.T, r *Registry) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := r.Convert(tt.from, tt.value, tt.to, d(tt.on))
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("Convert(%s %s → %s) = %q, %v; want %v", tt.from, tt.value, tt.to, got, err, tt.wantErr)
					}
					return
				}
				if err != nil || got != tt.want {
					t.Errorf("Convert(%s %s → %s on %s) = %q, %v; want %q", tt.from, tt.value, tt.to, tt.on, got, err, tt.want)
				}
			})
		}
	})
}

func TestRegistry_ByName(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		on      string
		want    string
		wantErr error
	}{
		{"official name", "China", "2020-01-01", "CHN", nil},
		{"case-insensitive", "NORTH KOREA", "2020-01-01", "PRK", nil},
		{"with article", "the Philippines", "2020-01-01", "PHL", nil},
		{"formal name", "Democratic People's Republic of Korea", "2020-01-01", "PRK", nil},
		{"short code any case", "us", "2020-01-01", "USA", nil},
		{"abbreviation", "U.S.", "2020-01-01", "USA", nil},
		{"demonym", "Chinese", "2020-01-01", "CHN", nil},
		{"leader in term", "Duterte", "2020-01-01", "PHL", nil},
		{"leader out of term", "Duterte", "2023-01-01", "", entente.ErrNotFound},
		{"capital before Soviet end", "Moscow", "1991-12-25", "SUN", nil},
		{"capital after Soviet end", "Moscow", "1991-12-26", "RUS", nil},
		{"capital undated is current", "Moscow", "", "RUS", nil},
		{"entente code", "CSK", "", "CSK", nil},
		{"iso2 code", "KP", "2020-01-01", "PRK", nil},
		{"region name", "Eastern Asia", "", "EASTERN_ASIA", nil},
		{"accents folded", "Cote d'Ivoire", "2020-01-01", "CIV", nil},
		{"unknown", "Atlantis", "", "", entente.ErrNotFound},
		{"state not yet born", "South Sudan", "2011-07-08", "", entente.ErrNotFound},
		{"empty", " ", "", "", entente.ErrInvalid},
	}
	registries(t, func(t *testing.T, r *Registry) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a, err := r.ByName(tt.text, d(tt.on))
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("ByName(%q, %s) = %s, %v; want %v", tt.text, tt.on, a.Code, err, tt.wantErr)
					}
					return
				}
				if err != nil || a.Code != tt.want {
					t.Errorf("ByName(%q, %s) = %s, %v; want %s", tt.text, tt.on, a.Code, err, tt.want)
				}
			})
		}
	})
}

func TestRegistry_ByNameAmbiguous(t *testing.T) {
	_, err := mini(t).ByName("Congo", d("2020-01-01"))
	if !errors.Is(err, entente.ErrAmbiguous) {
		t.Fatalf("ByName(Congo) error %v, want ErrAmbiguous", err)
	}
	if !strings.Contains(err.Error(), "COD, COG") {
		t.Errorf("ByName(Congo) error %q should name the candidates", err)
	}
}

func TestRegistry_Actors(t *testing.T) {
	r := mini(t)
	as := r.Actors()
	if !slices.IsSortedFunc(as, func(a, b entente.Actor) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Actors not ordered by code")
	}
	tests := []struct {
		code, name string
		kind       entente.ActorKind
		region     string
	}{
		{"CHN", "China", entente.KindState, "Asia"},
		{"NATO", "NATO", entente.KindIGO, ""},
		{"ASIA", "Asia", entente.KindRegion, ""},
		{"EASTERN_ASIA", "Eastern Asia", entente.KindRegion, "Asia"},
		{"SOUTH_EASTERN_ASIA", "South-eastern Asia", entente.KindRegion, "Asia"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			a, ok := r.Actor(tt.code)
			if !ok {
				t.Fatalf("Actor(%s) missing", tt.code)
			}
			if a.Name != tt.name || a.Kind != tt.kind || a.Region != tt.region {
				t.Errorf("Actor(%s) = %s %s region %q, want %s %s %q", tt.code, a.Name, a.Kind, a.Region, tt.name, tt.kind, tt.region)
			}
		})
	}
	if a, ok := r.Actor("chn"); !ok || a.Code != "CHN" {
		t.Errorf("Actor(chn) = %v, %v; want CHN", a.Code, ok)
	}
	if _, ok := r.Actor("ZZZ"); ok {
		t.Error("Actor(ZZZ) found")
	}
}

func TestRegistry_Members(t *testing.T) {
	r := mini(t)
	tests := []struct {
		name  string
		group string
		on    string
		want  []string
	}{
		{"UN before Soviet end", "UN", "1991-12-25", []string{"SUN", "USA", "YEM"}},
		{"UN after Soviet end", "UN", "1991-12-26", []string{"RUS", "USA", "YEM"}},
		{"UN all time", "UN", "", []string{"RUS", "SSD", "SUN", "USA", "YEM"}},
		{"derived subregion", "EASTERN_ASIA", "2020-01-01", []string{"CHN", "JPN", "KOR", "PRK"}},
		{"derived subregion before Korea", "EASTERN_ASIA", "1948-01-01", []string{"CHN", "JPN"}},
		{"derived region spells", "EASTERN_EUROPE", "1980-01-01", []string{"CSK", "SUN"}},
		{"unknown group", "NOPE", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range r.Members(tt.group, d(tt.on)) {
				got = append(got, m.Member)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Members(%s, %s) = %v, want %v", tt.group, tt.on, got, tt.want)
			}
		})
	}
}

func TestRegistry_GroupsOf(t *testing.T) {
	r := mini(t)
	tests := []struct {
		name   string
		member string
		on     string
		want   []string
	}{
		{"Germany 1960", "DEU", "1960-01-01", []string{"EU", "EUROPE", "NATO", "WESTERN_EUROPE"}},
		{"Germany during division gap", "DEU", "1947-01-01", nil},
		{"Russia undated has two region spells", "RUS", "", []string{"EASTERN_EUROPE", "EASTERN_EUROPE", "EUROPE", "EUROPE", "UN"}},
		{"Philippines", "PHL", "2020-01-01", []string{"ASEAN", "ASIA", "SOUTH_EASTERN_ASIA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range r.GroupsOf(tt.member, d(tt.on)) {
				got = append(got, m.Group)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("GroupsOf(%s, %s) = %v, want %v", tt.member, tt.on, got, tt.want)
			}
		})
	}
}

func TestRegistry_Offices(t *testing.T) {
	r := mini(t)
	all := r.Offices("RUS")
	var people []string
	for _, o := range all {
		people = append(people, o.Person+"/"+string(o.Role))
	}
	want := []string{"Boris Yeltsin/head_of_state", "Vladimir Putin/head_of_state", "Vladimir Putin/head_of_government", "Vladimir Putin/head_of_state"}
	if !slices.Equal(people, want) {
		t.Errorf("Offices(RUS) = %v, want %v", people, want)
	}
	tests := []struct {
		name  string
		actor string
		on    string
		want  []string
	}{
		{"Duterte in term", "PHL", "2020-01-01", []string{"Rodrigo Duterte", "Rodrigo Duterte"}},
		{"handover day counts both", "PHL", "2022-06-30", []string{"Rodrigo Duterte", "Rodrigo Duterte", "Ferdinand Marcos Jr."}},
		{"after Duterte", "PHL", "2023-01-01", []string{"Ferdinand Marcos Jr."}},
		{"noon on the last day is still in term", "PHL", "2022-06-30T12:00:00Z", []string{"Rodrigo Duterte", "Rodrigo Duterte", "Ferdinand Marcos Jr."}},
		{"no leaders", "JPN", "2020-01-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			on := d(tt.on[:10])
			if len(tt.on) > 10 {
				on, _ = time.Parse(time.RFC3339, tt.on)
			}
			var got []string
			for _, o := range r.OfficesOn(tt.actor, on) {
				got = append(got, o.Person)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("OfficesOn(%s, %s) = %v, want %v", tt.actor, tt.on, got, tt.want)
			}
		})
	}
}

func TestRegistry_Suggest(t *testing.T) {
	r := mini(t)
	tests := []struct {
		text string
		want string // expected first suggestion
	}{
		{"Phillipines", "Philippines"},
		{"Nort Korea", "North Korea"},
		{"Kreml", "Kremlin"},
		{"Dutere", "Duterte"},
		{"czechoslovakia", "Czechoslovakia"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := r.Suggest(tt.text, 3)
			if len(got) == 0 || got[0] != tt.want {
				t.Errorf("Suggest(%q) = %q, want first %q", tt.text, got, tt.want)
			}
			if len(got) > 3 {
				t.Errorf("Suggest(%q, 3) returned %d", tt.text, len(got))
			}
		})
	}
	if got := r.Suggest("zzzzzzzzzzzzzz", 3); len(got) != 0 {
		t.Errorf("Suggest(nonsense) = %q, want none", got)
	}
	if got := r.Suggest("China", 0); got != nil {
		t.Errorf("Suggest(n=0) = %q", got)
	}
}

func TestRegistry_Data(t *testing.T) {
	r := mini(t)
	data := r.Data()
	if data.Version != r.Version() || !strings.HasPrefix(data.Version, "reg-") || len(data.Version) != 12 {
		t.Errorf("Data().Version = %q, Version() = %q", data.Version, r.Version())
	}
	if len(data.Actors) != len(r.Actors()) || len(data.Offices) == 0 || len(data.Memberships) == 0 {
		t.Errorf("Data() sizes: %d actors, %d offices, %d memberships", len(data.Actors), len(data.Offices), len(data.Memberships))
	}
	has := func(actor, text string, kind entente.NameKind, role entente.Role) bool {
		return slices.ContainsFunc(data.Names, func(n entente.Name) bool {
			return n.Actor == actor && n.Text == text && n.Kind == kind && n.Role == role
		})
	}
	for _, c := range []struct {
		actor, text string
		kind        entente.NameKind
		role        entente.Role
	}{
		{"CHN", "China", entente.NameOfficial, ""},
		{"CHN", "People's Republic of China", entente.NameOfficial, ""},
		{"PRK", "Pyongyang", entente.NameCapital, entente.RoleGOV},
		{"USA", "the White House", entente.NameMetonym, entente.RoleGOV},
		{"NATO", "North Atlantic Treaty Organisation", entente.NameAlias, ""},
	} {
		if !has(c.actor, c.text, c.kind, c.role) {
			t.Errorf("Data().Names lacks %+v", c)
		}
	}
	// Changing a copy must not change the registry.
	data.Actors[0].Name = "changed"
	if r.Actors()[0].Name == "changed" {
		t.Error("Data() shares the actor slice")
	}
}

// miniFS returns the mini fixture as a map file system to which a test can
// append bad lines.
func miniFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, f := range dataFiles {
		b, err := os.ReadFile("testdata/mini/" + f)
		if err != nil {
			t.Fatal(err)
		}
		m[f] = &fstest.MapFile{Data: b}
	}
	return m
}

// stateLine writes a states.tsv record from column/value pairs.
func stateLine(kv ...string) string {
	fields := make([]string, len(statesColumns))
	for i := 0; i+1 < len(kv); i += 2 {
		fields[slices.Index(statesColumns, kv[i])] = kv[i+1]
	}
	return strings.Join(fields, "\t")
}

func lineCount(b []byte) int64 { return int64(strings.Count(string(b), "\n")) }

func TestLoadFS_Errors(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		line  string // appended to the file; "" with replace set
		field string
		whole bool   // the error concerns the whole file, not the appended line
		repl  []byte // replaces the file instead
		want  error  // extra sentinel besides ErrInvalid
	}{
		{name: "unknown actor in names", file: "names.tsv", line: "XXX\talias\tNowhere\t\t", field: "actor"},
		{name: "bad name kind", file: "names.tsv", line: "CHN\tnickname\tMiddle Kingdom\t\t", field: "kind"},
		{name: "bad role in names", file: "names.tsv", line: "CHN\tcapital\tPeking\tgovernment\t", field: "role"},
		{name: "bad spell in names", file: "names.tsv", line: "CHN\talias\tPeking\t\t1990..", field: "valid"},
		{name: "too many fields", file: "names.tsv", line: "CHN\talias\tPeking\t\t\textra", field: ""},
		{name: "too few fields", file: "roles.tsv", line: "navy\tMIL", field: ""},
		{name: "duplicate state code", file: "states.tsv", line: stateLine("code", "CHN", "name", "China again"), field: "code", want: entente.ErrConflict},
		{name: "bad state date", file: "states.tsv", line: stateLine("code", "ATL", "name", "Atlantis", "valid", "1990-02-30.."), field: "valid"},
		{name: "bad iso3", file: "states.tsv", line: stateLine("code", "ATL", "name", "Atlantis", "iso3", "ATLA"), field: "iso3"},
		{name: "code held twice", file: "states.tsv", line: stateLine("code", "ATL", "name", "Atlantis", "cown", "710"), field: "cown", want: entente.ErrConflict},
		{name: "unknown successor", file: "states.tsv", line: stateLine("code", "ATL", "name", "Atlantis", "successors", "NOPE"), field: "successors"},
		{name: "bad un status", file: "states.tsv", line: stateLine("code", "ATL", "name", "Atlantis", "un", "maybe"), field: "un"},
		{name: "unknown leader actor", file: "leaders.tsv", line: "XXX\thead_of_state\tNobody\t\t2000-01-01\t", field: "actor"},
		{name: "bad leader role", file: "leaders.tsv", line: "CHN\tking\tNobody\t\t2000-01-01\t", field: "role"},
		{name: "leader term reversed", file: "leaders.tsv", line: "CHN\thead_of_state\tNobody\t\t2000-01-01\t1999-01-01", field: "to"},
		{name: "leader without start", file: "leaders.tsv", line: "CHN\thead_of_state\tNobody\t\t\t", field: "from"},
		{name: "membership of a state", file: "memberships.tsv", line: "CHN\tPRK\tmember\t1961-07-11\t\t", field: "group"},
		{name: "unknown member", file: "memberships.tsv", line: "UN\tXXX\tmember\t1945-10-24\t\t", field: "member"},
		{name: "bad membership status", file: "memberships.tsv", line: "UN\tCHN\tfriend\t1945-10-24\t\t", field: "status"},
		{name: "bad membership date", file: "memberships.tsv", line: "UN\tCHN\tmember\t24/10/1945\t\t", field: "from"},
		{name: "overlapping membership", file: "memberships.tsv", line: "NATO\tUSA\tmember\t2000-01-01\t2001-01-01\t", field: "from", want: entente.ErrConflict},
		{name: "bad bloc kind", file: "blocs.tsv", line: "QUAD\tclub\tQuad\t\t\t\t\t", field: "kind"},
		{name: "bad role position", file: "roles.tsv", line: "navy\tMIL\tbeside", field: "position"},
		{name: "wrong header", file: "roles.tsv", repl: []byte("phrase\trole\n"), whole: true},
		{name: "missing file", file: "leaders.tsv", repl: nil, whole: true, want: entente.ErrNotFound},
		{name: "not utf-8", file: "names.tsv", repl: []byte("actor\tkind\ttext\trole\tvalid\nCHN\talias\t\xff\t\t\n"), whole: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := miniFS(t)
			var wantLine int64
			switch {
			case tt.line != "":
				f := fsys[tt.file]
				f.Data = append(append([]byte{}, f.Data...), tt.line+"\n"...)
				wantLine = lineCount(f.Data)
			case tt.repl != nil:
				fsys[tt.file] = &fstest.MapFile{Data: tt.repl}
			default:
				delete(fsys, tt.file)
			}
			_, err := LoadFS(fsys)
			if !errors.Is(err, entente.ErrInvalid) {
				t.Fatalf("LoadFS: error %v, want ErrInvalid", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("LoadFS: error %v, want %v too", err, tt.want)
			}
			var ie *entente.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("LoadFS: error %v is no InputError", err)
			}
			if ie.File != tt.file {
				t.Errorf("error names file %q, want %q (%v)", ie.File, tt.file, err)
			}
			if !tt.whole && (ie.Line != wantLine || ie.Field != tt.field) {
				t.Errorf("error at line %d field %q, want line %d field %q (%v)", ie.Line, ie.Field, wantLine, tt.field, err)
			}
		})
	}
}

func TestLoadFS_OptionalTrailingColumns(t *testing.T) {
	fsys := miniFS(t)
	f := fsys["memberships.tsv"]
	f.Data = append(append([]byte{}, f.Data...), "ASEAN\tPRK\tobserver\t2000-01-01\t2000-12-31\n"...)
	r, err := LoadFS(fsys)
	if err != nil {
		t.Fatalf("LoadFS without the note column: %v", err)
	}
	if got := r.Members("ASEAN", d("2000-06-01")); len(got) != 2 {
		t.Errorf("Members(ASEAN) = %v, want PHL and PRK", got)
	}
}

func TestRegistry_Version(t *testing.T) {
	a, err := LoadFS(miniFS(t))
	if err != nil {
		t.Fatal(err)
	}
	if a.Version() != mini(t).Version() {
		t.Errorf("same files, versions %s and %s", a.Version(), mini(t).Version())
	}
	fsys := miniFS(t)
	f := fsys["names.tsv"]
	f.Data = append(append([]byte{}, f.Data...), "CHN\talias\tPeking\t\t\n"...)
	b, err := LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version() == b.Version() {
		t.Errorf("changed names.tsv kept version %s", a.Version())
	}
}

// nameClashes lists official names that knowingly do not resolve to their
// own actor through FindMentions, with the reason.
var nameClashes = map[string]string{}

// TestRegistry_NamesResolveToThemselves checks on the real registry that
// every state's and organisation's name, written alone, is found as one
// mention of that actor on the last day the actor existed (or a recent day
// for current actors). A failure means two actors share a name on a day, or
// a name does not tokenise as written.
func TestRegistry_NamesResolveToThemselves(t *testing.T) {
	r := embedded(t)
	for _, a := range r.Actors() {
		if a.Kind == entente.KindRegion {
			continue
		}
		for _, text := range []string{a.Name, a.FullName} {
			if text == "" {
				continue
			}
			t.Run(a.Code+"/"+text, func(t *testing.T) {
				if why, ok := nameClashes[a.Code+"/"+text]; ok {
					t.Skipf("known clash: %s", why)
				}
				on := d("2024-06-30")
				if end := lastEnd(a.Valid); !end.IsZero() {
					on = end
				}
				// A parenthesis is indexed as two names: "Holy See" and
				// "Vatican City State".
				whole := !strings.Contains(text, "(")
				ms := r.FindMentions(text, on, nil)
				ok := len(ms) > 0
				for _, m := range ms {
					ok = ok && m.Actor == a.Code
				}
				if !ok || whole && (len(ms) != 1 || ms[0].Start != 0 || ms[0].End != len(text)) {
					t.Errorf("FindMentions(%q, %s) =\n%s want one mention of %s", text, on.Format(entente.DateLayout), describe(ms), a.Code)
				}
				if b, err := r.ByName(text, on); err != nil || b.Code != a.Code {
					t.Errorf("ByName(%q, %s) = %s, %v; want %s", text, on.Format(entente.DateLayout), b.Code, err, a.Code)
				}
			})
		}
	}
}

// TestRegistry_LeadersResolve checks on the real registry that every
// leader's name and aliases, written alone, resolve to the leader's state on
// the first and last day of the term (or the first day the state existed,
// for a ruler in office before independence). Where one person heads
// several states on the day (the monarch of the Commonwealth realms), the
// name is ambiguous by design and must give no mention at all rather than a
// guess.
func TestRegistry_LeadersResolve(t *testing.T) {
	r := embedded(t)
	offices := r.Data().Offices
	byText := map[string][]entente.Office{}
	for _, o := range offices {
		for _, text := range append([]string{o.Person}, o.Aliases...) {
			byText[text] = append(byText[text], o)
		}
	}
	holders := func(text string, on time.Time) []string {
		var codes []string
		for _, o := range byText[text] {
			a, _ := r.Actor(o.Actor)
			if o.Term.Contains(on) && a.ValidOn(on) && !slices.Contains(codes, o.Actor) {
				codes = append(codes, o.Actor)
			}
		}
		return codes
	}
	for _, o := range offices {
		a, _ := r.Actor(o.Actor)
		var days []time.Time
		for _, on := range []time.Time{o.Term.From, o.Term.To} {
			if on.IsZero() {
				continue
			}
			if !a.ValidOn(on) {
				// The state began during the term: test its first day.
				for _, p := range a.Valid {
					if p.From.After(on) && o.Term.Contains(p.From) {
						on = p.From
						break
					}
				}
			}
			if a.ValidOn(on) && !slices.Contains(days, on) {
				days = append(days, on)
			}
		}
		for _, text := range append([]string{o.Person}, o.Aliases...) {
			for _, on := range days {
				t.Run(o.Actor+"/"+text+"/"+on.Format(entente.DateLayout), func(t *testing.T) {
					ms := r.FindMentions(text, on, nil)
					if hs := holders(text, on); len(hs) > 1 {
						if len(ms) != 0 {
							t.Errorf("FindMentions(%q, %s) =\n%s want none: %s is held by %v that day", text, on.Format(entente.DateLayout), describe(ms), text, hs)
						}
						return
					}
					// "Marcos Jr." ends in a period that may end a sentence, so
					// the span stops before it.
					full := len(strings.TrimRight(text, "."))
					if len(ms) != 1 || ms[0].Actor != o.Actor || ms[0].Kind != entente.NameLeader || ms[0].End < full {
						t.Errorf("FindMentions(%q, %s) =\n%s want one leader mention of %s (%s %s)", text, on.Format(entente.DateLayout), describe(ms), o.Actor, o.Role, o.Term)
					}
				})
			}
		}
	}
}
