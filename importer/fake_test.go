package importer

import (
	"fmt"
	"time"

	"entente"
)

// fakeMapper is a tiny registry for unit tests: a few states, codes with
// validity, and names.
type fakeMapper struct {
	codes []fakeCode
	names map[string]fakeCode
}

type fakeCode struct {
	scheme   entente.CodeScheme
	value    string
	actor    string
	from, to time.Time
}

func (c fakeCode) valid(on time.Time) bool {
	return entente.Period{From: c.from, To: c.to}.Contains(on)
}

func newFakeMapper() *fakeMapper {
	d := entente.Day
	m := &fakeMapper{names: map[string]fakeCode{}}
	add := func(scheme entente.CodeScheme, value, actor string, from, to time.Time) {
		m.codes = append(m.codes, fakeCode{scheme, value, actor, from, to})
	}
	z := time.Time{}
	for _, s := range []struct{ iso3, iso2, cown, cameo string }{
		{"USA", "US", "2", "USA"}, {"CHN", "CN", "710", "CHN"}, {"IND", "IN", "750", "IND"},
		{"PHL", "PH", "840", "PHL"}, {"NER", "NE", "436", "NER"}, {"FRA", "FR", "220", "FRA"},
		{"JPN", "JP", "740", "JPN"}, {"TUR", "TR", "640", "TUR"}, {"LBY", "LY", "620", "LBY"},
		{"COD", "CD", "490", "COD"}, {"GBR", "GB", "200", "GBR"}, {"IRN", "IR", "630", "IRN"},
		{"DEU", "DE", "255", "DEU"},
	} {
		add(entente.SchemeISO3, s.iso3, s.iso3, z, z)
		add(entente.SchemeISO2, s.iso2, s.iso3, z, z)
		add(entente.SchemeCOWNum, s.cown, s.iso3, z, z)
		add(entente.SchemeGWNum, s.cown, s.iso3, z, z)
		add(entente.SchemeCAMEO, s.cameo, s.iso3, z, z)
	}
	prk := d(1948, 9, 9)
	add(entente.SchemeISO3, "PRK", "PRK", prk, z)
	add(entente.SchemeISO2, "KP", "PRK", prk, z)
	add(entente.SchemeCOWNum, "731", "PRK", prk, z)
	add(entente.SchemeGWNum, "731", "PRK", prk, z)
	add(entente.SchemeCAMEO, "PRK", "PRK", prk, z)
	sunEnd, rusStart := d(1991, 12, 25), d(1991, 12, 26)
	add(entente.SchemeISO3, "SUN", "SUN", z, sunEnd)
	add(entente.SchemeISO2, "SU", "SUN", z, sunEnd)
	add(entente.SchemeCOWNum, "365", "SUN", z, sunEnd)
	add(entente.SchemeISO3, "RUS", "RUS", rusStart, z)
	add(entente.SchemeISO2, "RU", "RUS", rusStart, z)
	add(entente.SchemeCOWNum, "365", "RUS", rusStart, z)
	add(entente.SchemeCAMEO, "RUS", "RUS", rusStart, z)
	ukr := d(1991, 8, 24)
	add(entente.SchemeISO3, "UKR", "UKR", ukr, z)
	add(entente.SchemeISO2, "UA", "UKR", ukr, z)
	add(entente.SchemeCOWNum, "369", "UKR", ukr, z)
	add(entente.SchemeISO2, "NA", "NAM", d(1990, 3, 21), z)
	for name, code := range map[string]string{
		"United States": "USA", "China": "CHN", "North Korea": "PRK", "India": "IND", "France": "FRA",
		"Japan": "JPN", "Turkiye": "TUR", "Niger": "NER", "NATO": "NATO", "Libya": "LBY", "DR Congo": "COD",
		"United Kingdom": "GBR", "Iran": "IRN", "Federal Republic of Germany": "DEU", "Ukraine": "UKR",
	} {
		m.names[name] = fakeCode{actor: code}
	}
	m.names["Russia"] = fakeCode{actor: "RUS", from: rusStart}
	return m
}

func (m *fakeMapper) actor(code string) entente.Actor {
	a := entente.Actor{Code: code, Kind: entente.KindState}
	for _, c := range m.codes {
		if c.actor == code {
			a.Codes = append(a.Codes, entente.Code{Scheme: c.scheme, Value: c.value, Valid: entente.Spells{{From: c.from, To: c.to}}})
		}
	}
	return a
}

func (m *fakeMapper) ByCode(scheme entente.CodeScheme, value string, on time.Time) (entente.Actor, error) {
	for _, c := range m.codes {
		if c.scheme == scheme && c.value == value && c.valid(on) {
			return m.actor(c.actor), nil
		}
	}
	return entente.Actor{}, fmt.Errorf("%s code %q: %w", scheme, value, entente.ErrNotFound)
}

func (m *fakeMapper) ByName(text string, on time.Time) (entente.Actor, error) {
	if c, ok := m.names[text]; ok && c.valid(on) {
		return m.actor(c.actor), nil
	}
	return entente.Actor{}, fmt.Errorf("name %q: %w", text, entente.ErrNotFound)
}
