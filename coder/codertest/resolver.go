// Package codertest provides a small actor resolver for tests of the coder
// and of the packages built on it, so that they do not depend on the full
// registry: a fixed table of names, demonyms, capitals, institutions and
// leaders with their terms.
package codertest

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"entente"
)

// Entry is one way text names an actor.
type Entry struct {
	Text    string
	Actor   string // registry code
	Country string // ISO3 of the state behind it, "" for organisations
	Role    entente.Role
	Kind    entente.NameKind
	Valid   entente.Period
}

// Resolver finds the entries of its table in text. Matching is
// case-sensitive and whole-word; the longest entry wins.
type Resolver struct {
	byFirst map[string][]Entry
	actors  map[string]entente.Actor
}

// New builds a resolver from entries.
func New(entries ...Entry) *Resolver {
	r := &Resolver{byFirst: map[string][]Entry{}, actors: map[string]entente.Actor{}}
	for _, e := range entries {
		w := firstWord(e.Text)
		r.byFirst[w] = append(r.byFirst[w], e)
		if _, ok := r.actors[e.Actor]; !ok {
			kind := entente.KindState
			if e.Country == "" {
				kind = entente.KindIGO
			}
			r.actors[e.Actor] = entente.Actor{Code: e.Actor, Kind: kind, Name: e.Actor}
		}
	}
	for w := range r.byFirst {
		l := r.byFirst[w]
		sort.SliceStable(l, func(i, j int) bool { return len(l[i].Text) > len(l[j].Text) })
	}
	return r
}

func firstWord(s string) string {
	for i, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') {
			return s[:i]
		}
	}
	return s
}

// Actor returns the actor with the code, if the table names it.
func (r *Resolver) Actor(code string) (entente.Actor, bool) {
	a, ok := r.actors[code]
	return a, ok
}

// FindMentions appends the mentions in text valid on day on.
func (r *Resolver) FindMentions(text string, on time.Time, dst []entente.Mention) []entente.Mention {
	prevLetter := false
	for i := 0; i < len(text); {
		c, size := utf8.DecodeRuneInString(text[i:])
		isWord := unicode.IsLetter(c) || unicode.IsDigit(c)
		if !isWord || prevLetter {
			prevLetter = isWord
			i += size
			continue
		}
		prevLetter = true
		w := firstWord(text[i:])
		matched := false
		cands := r.byFirst[w]
		if t := strings.TrimRight(w, "."); t != w {
			cands = append(cands[:len(cands):len(cands)], r.byFirst[t]...)
		}
		for _, e := range cands {
			if !strings.HasPrefix(text[i:], e.Text) || !e.Valid.Contains(on) {
				continue
			}
			end := i + len(e.Text)
			if end < len(text) {
				if n, _ := utf8.DecodeRuneInString(text[end:]); unicode.IsLetter(n) || unicode.IsDigit(n) {
					continue
				}
			}
			m := entente.Mention{
				Start: i, End: end, Text: e.Text, Actor: e.Actor, Country: e.Country, Role: e.Role,
				Code: e.Actor + string(e.Role), Kind: e.Kind, Why: string(e.Kind) + " of " + e.Actor,
			}
			rest := text[end:]
			if strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") {
				m.Possessive = true
			}
			dst = append(dst, m)
			i = end
			prevLetter = true
			matched = true
			break
		}
		if !matched {
			i += len(w)
			if len(w) == 0 {
				i += size
			}
		}
	}
	return dst
}

func state(code string, names ...string) []Entry {
	var out []Entry
	for _, n := range names {
		kind, role, text := entente.NameOfficial, entente.RoleNone, n
		switch {
		case strings.HasPrefix(n, "dem:"):
			kind, text = entente.NameDemonym, n[4:]
		case strings.HasPrefix(n, "cap:"):
			kind, role, text = entente.NameCapital, entente.RoleGOV, n[4:]
		case strings.HasPrefix(n, "gov:"):
			kind, role, text = entente.NameInstitution, entente.RoleGOV, n[4:]
		case strings.HasPrefix(n, "mil:"):
			kind, role, text = entente.NameInstitution, entente.RoleMIL, n[4:]
		}
		out = append(out, Entry{Text: text, Actor: code, Country: code, Role: role, Kind: kind})
	}
	return out
}

func leader(code, name, from, to string) Entry {
	p := entente.Period{}
	if from != "" {
		p.From, _ = entente.ParseDate(from)
	}
	if to != "" {
		p.To, _ = entente.ParseDate(to)
	}
	return Entry{Text: name, Actor: code, Country: code, Role: entente.RoleGOV, Kind: entente.NameLeader, Valid: p}
}

func igo(code string, names ...string) []Entry {
	var out []Entry
	for _, n := range names {
		out = append(out, Entry{Text: n, Actor: code, Kind: entente.NameOfficial})
	}
	return out
}

// Default returns a resolver for the states, organisations and leaders of
// the coder's test articles.
func Default() *Resolver {
	var es []Entry
	add := func(e ...Entry) { es = append(es, e...) }
	add(state("USA", "United States", "US", "U.S.", "America", "dem:American", "cap:Washington", "gov:White House", "gov:State Department", "mil:Pentagon", "mil:US military", "mil:American troops")...)
	add(state("CHN", "China", "People's Republic of China", "PRC", "dem:Chinese", "cap:Beijing", "mil:Chinese coast guard", "mil:China Coast Guard", "mil:People's Liberation Army", "mil:PLA")...)
	add(state("RUS", "Russia", "Russian Federation", "dem:Russian", "cap:Moscow", "gov:Kremlin")...)
	add(state("PRK", "North Korea", "DPRK", "dem:North Korean", "cap:Pyongyang")...)
	add(state("KOR", "South Korea", "Republic of Korea", "dem:South Korean", "cap:Seoul")...)
	add(state("JPN", "Japan", "dem:Japanese", "cap:Tokyo")...)
	add(state("PHL", "Philippines", "dem:Philippine", "dem:Filipino", "cap:Manila")...)
	add(state("AUS", "Australia", "dem:Australian", "cap:Canberra")...)
	add(state("IND", "India", "dem:Indian", "cap:New Delhi", "cap:Delhi")...)
	add(state("UKR", "Ukraine", "dem:Ukrainian", "cap:Kyiv", "cap:Kiev")...)
	add(state("NER", "Niger", "dem:Nigerien", "cap:Niamey")...)
	add(state("SGP", "Singapore", "dem:Singaporean")...)
	add(state("MYS", "Malaysia", "dem:Malaysian", "cap:Kuala Lumpur")...)
	add(state("VNM", "Vietnam", "dem:Vietnamese", "cap:Hanoi")...)
	add(state("IDN", "Indonesia", "dem:Indonesian", "cap:Jakarta")...)
	add(state("GBR", "United Kingdom", "Britain", "UK", "dem:British", "cap:London")...)
	add(state("FRA", "France", "dem:French", "cap:Paris")...)
	add(state("DEU", "Germany", "dem:German", "cap:Berlin")...)
	add(state("IRN", "Iran", "dem:Iranian", "cap:Tehran")...)
	add(state("ISR", "Israel", "dem:Israeli")...)
	add(state("THA", "Thailand", "dem:Thai", "cap:Bangkok")...)
	add(state("KHM", "Cambodia", "dem:Cambodian", "cap:Phnom Penh")...)
	add(state("MLI", "Mali", "dem:Malian", "cap:Bamako")...)
	add(state("BFA", "Burkina Faso")...)
	add(state("ARM", "Armenia", "dem:Armenian", "cap:Yerevan")...)
	add(state("AZE", "Azerbaijan", "dem:Azerbaijani", "cap:Baku")...)
	add(state("BLR", "Belarus", "dem:Belarusian", "cap:Minsk")...)
	add(state("SYR", "Syria", "dem:Syrian", "cap:Damascus")...)
	add(state("ERI", "Eritrea")...)
	add(state("NIC", "Nicaragua")...)
	add(state("CAN", "Canada", "dem:Canadian", "cap:Ottawa")...)
	add(state("TWN", "Taiwan", "dem:Taiwanese", "cap:Taipei")...)
	add(state("PAK", "Pakistan", "dem:Pakistani", "cap:Islamabad")...)
	add(state("TUR", "Turkey", "Türkiye", "dem:Turkish", "cap:Ankara")...)
	add(state("ZAF", "South Africa")...)
	add(state("BRA", "Brazil", "dem:Brazilian")...)
	add(igo("UNO", "United Nations", "UN", "U.N.", "UN Security Council", "Security Council", "General Assembly")...)
	add(igo("NATO", "NATO")...)
	add(igo("EU", "European Union", "EU")...)
	add(igo("ASEAN", "ASEAN")...)
	add(igo("ECOWAS", "ECOWAS")...)
	add(leader("RUS", "Vladimir Putin", "2012-05-07", ""), leader("RUS", "Putin", "2012-05-07", ""),
		leader("RUS", "Sergei Lavrov", "2004-03-09", ""), leader("RUS", "Lavrov", "2004-03-09", ""),
		leader("RUS", "Dmitry Medvedev", "2008-05-07", "2012-05-07"),
		leader("PRK", "Kim Jong Un", "2011-12-17", ""), leader("PRK", "Kim Jong Il", "1994-07-08", "2011-12-17"),
		leader("CHN", "Xi Jinping", "2013-03-14", ""), leader("CHN", "Xi", "2013-03-14", ""),
		leader("CHN", "Wang Yi", "2013-03-16", ""), leader("CHN", "Hu Jintao", "2003-03-15", "2013-03-14"),
		leader("USA", "Donald Trump", "2017-01-20", "2021-01-20"), leader("USA", "Trump", "2017-01-20", "2021-01-20"),
		leader("USA", "Donald Trump", "2025-01-20", ""), leader("USA", "Trump", "2025-01-20", ""),
		leader("USA", "Joe Biden", "2021-01-20", "2025-01-20"), leader("USA", "Biden", "2021-01-20", "2025-01-20"),
		leader("USA", "Barack Obama", "2009-01-20", "2017-01-20"), leader("USA", "Obama", "2009-01-20", "2017-01-20"),
		leader("USA", "Antony Blinken", "2021-01-26", "2025-01-20"), leader("USA", "Blinken", "2021-01-26", "2025-01-20"),
		leader("KOR", "Moon Jae-in", "2017-05-10", "2022-05-09"), leader("KOR", "Yoon Suk Yeol", "2022-05-10", "2025-04-04"),
		leader("KOR", "Lee Myung-bak", "2008-02-25", "2013-02-24"),
		leader("JPN", "Fumio Kishida", "2021-10-04", "2024-10-01"), leader("JPN", "Kishida", "2021-10-04", "2024-10-01"),
		leader("PHL", "Ferdinand Marcos Jr.", "2022-06-30", ""), leader("PHL", "Marcos", "2022-06-30", ""),
		leader("PHL", "Rodrigo Duterte", "2016-06-30", "2022-06-30"), leader("PHL", "Duterte", "2016-06-30", "2022-06-30"),
		leader("IND", "Narendra Modi", "2014-05-26", ""), leader("IND", "Modi", "2014-05-26", ""),
		leader("UKR", "Volodymyr Zelensky", "2019-05-20", ""), leader("UKR", "Zelensky", "2019-05-20", ""),
		leader("GBR", "Theresa May", "2016-07-13", "2019-07-24"), leader("GBR", "Boris Johnson", "2019-07-24", "2022-09-06"),
		leader("FRA", "Emmanuel Macron", "2017-05-14", ""), leader("FRA", "Macron", "2017-05-14", ""),
		leader("SGP", "Lee Hsien Loong", "2004-08-12", "2024-05-15"),
		leader("THA", "Paetongtarn Shinawatra", "2024-08-16", ""),
		leader("KHM", "Hun Manet", "2023-08-22", ""),
	)
	return New(es...)
}
