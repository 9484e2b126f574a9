package coder

import (
	"strconv"

	"entente"
)

// units are the nouns a count attaches to ("10,000 soldiers"), mapped to
// the unit entente records.
var units = func() map[string]string {
	m := map[string]string{}
	for _, u := range []string{
		"soldier", "troop", "personnel", "servicemen", "serviceman", "fighter", "worker", "people",
		"person", "civilian", "refugee", "migrant", "prisoner", "hostage", "diplomat", "casualty",
		"death", "dead", "missile", "rocket", "shell", "round", "drone", "tank", "aircraft", "jet",
		"warplane", "helicopter", "ship", "vessel", "warship", "submarine", "satellite", "warhead",
		"weapon", "gun", "howitzer", "launcher", "tonne", "ton", "barrel", "km", "kilometre",
		"kilometer", "mile", "hectare", "vote", "country", "state", "nation", "member", "delegate",
		"sailor", "marine", "officer", "official", "mercenary", "volunteer", "reservist", "conscript",
		"container", "vehicle", "artillery", "munition",
	} {
		m[u] = u
		m[u+"s"] = u
	}
	m["mercenaries"], m["casualties"], m["people"], m["aircraft"] = "mercenary", "casualty", "people", "aircraft"
	m["km"] = "km"
	return m
}()

var currencyWords = map[string]string{
	"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
	"yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
	"rubles": "RUB", "yen": "JPY", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "rupee": "INR",
	"rupees": "INR", "won": "KRW", "pesos": "PHP", "peso": "PHP", "ringgit": "MYR", "rupiah": "IDR",
}

// currencyCodes are ISO 4217 codes written before an amount.
var currencyCodes = map[string]string{"usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "rub": "RUB", "inr": "INR", "krw": "KRW", "chf": "CHF", "aud": "AUD", "cad": "CAD"}

var currencySymbols = map[string]string{"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR"}

// Prefixes written before "$" that name the dollar.
var dollarPrefixes = map[string]string{"us": "USD", "hk": "HKD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD", "nz": "NZD", "s": "SGD", "nt": "TWD"}

var scales = map[string]float64{
	"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
	"billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "dozen": 12,
	"fifty": 50, "hundred": 100,
}

// quant is a quantity found in a sentence with its token span.
type quant struct {
	q          entente.Quantity
	start, end int // token indexes, end exclusive
}

// parseNumber reads "10,000", "3.5" or "300m" (returning the scale the
// suffix implies).
func parseNumber(s string) (float64, float64, bool) {
	scale := 1.0
	digits := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == '.':
			digits = append(digits, c)
		case c == ',':
		default:
			sc, ok := scales[s[i:]]
			if !ok {
				return 0, 0, false
			}
			scale = sc
			i = len(s)
		}
	}
	v, err := strconv.ParseFloat(string(digits), 64)
	if err != nil {
		return 0, 0, false
	}
	return v, scale, true
}

// findQuantities appends the quantities of the sentence's tokens to dst.
func (sc *scratch) findQuantities(text string, dst []quant) []quant {
	toks := sc.tz.toks
	n := len(toks)
	low := func(i int) string { return string(sc.tz.lower(&toks[i])) }
	for i := 0; i < n; i++ {
		t := &toks[i]
		start := i
		currency := ""
		// "US$300 million", "$5bn", "€20m".
		if t.flags&fPunct != 0 {
			cur, ok := currencySymbols[low(i)]
			if !ok || i+1 >= n || toks[i+1].flags&fNum == 0 {
				continue
			}
			currency = cur
			if i > 0 && toks[i-1].end == t.start {
				if c, ok := dollarPrefixes[low(i-1)]; ok && cur == "USD" {
					currency, start = c, i-1
				}
			}
			i++
			t = &toks[i]
		}
		// "EUR 500 million", "USD 2bn": a currency code before the number.
		if currency == "" && i+1 < n && toks[i+1].flags&fNum != 0 && t.flags&fCap != 0 {
			if c, ok := currencyCodes[low(i)]; ok {
				currency = c
				i++
				t = &toks[i]
			}
		}
		var v, scale float64
		if t.flags&fNum != 0 {
			var ok bool
			v, scale, ok = parseNumber(low(i))
			if !ok {
				continue
			}
		} else if w, ok := numberWords[low(i)]; ok && currency == "" {
			v, scale = w, 1
		} else {
			continue
		}
		j := i + 1
		if j < n {
			if s, ok := scales[low(j)]; ok && scale == 1 {
				scale = s
				j++
			}
		}
		v *= scale
		if currency != "" {
			dst = append(dst, quant{q: entente.Quantity{Value: v, Unit: currency, Text: text[toks[start].start:toks[j-1].end]}, start: start, end: j})
			i = j - 1
			continue
		}
		if j < n {
			lw := low(j)
			// "300 million US dollars"
			if (lw == "us" || lw == "u.s.") && j+1 < n {
				if c, ok := currencyWords[low(j+1)]; ok && c == "USD" {
					dst = append(dst, quant{q: entente.Quantity{Value: v, Unit: c, Text: text[toks[start].start:toks[j+1].end]}, start: start, end: j + 2})
					i = j + 1
					continue
				}
			}
			if c, ok := currencyWords[lw]; ok {
				dst = append(dst, quant{q: entente.Quantity{Value: v, Unit: c, Text: text[toks[start].start:toks[j].end]}, start: start, end: j + 1})
				i = j
				continue
			}
			// "90 per cent", "90 percent", "90%", with "of X's trade".
			pe := -1
			switch {
			case lw == "%" || lw == "percent" || lw == "pct":
				pe = j + 1
			case lw == "per" && j+1 < n && low(j+1) == "cent":
				pe = j + 2
			}
			if pe > 0 {
				end := pe
				if pe < n && toks[pe].id == sc.d.fw.of {
					k := pe + 1
					for k < n && k < pe+6 && toks[k].flags&fPunct == 0 && !sc.isStopWord(toks[k].id) {
						k++
					}
					if k > pe+1 {
						end = k
					}
				}
				dst = append(dst, quant{q: entente.Quantity{Value: v, Unit: "percent", Text: text[toks[start].start:toks[end-1].end]}, start: start, end: end})
				i = end - 1
				continue
			}
		}
		// A count: the unit noun may follow a few adjectives or a demonym
		// ("10,000 North Korean troops").
		for k := j; k < n && k < j+4; k++ {
			if toks[k].flags&fPunct != 0 {
				break
			}
			// The unit may be the role word of a mention: "23 Russian
			// diplomats".
			if u, ok := units[low(k)]; ok && (toks[k].ment < 0 || toks[k].flags&fRole != 0) {
				// "fighter jets": the last noun of a compound is the unit.
				for k+1 < n && (toks[k+1].ment < 0 || toks[k+1].flags&fRole != 0) {
					u2, ok := units[low(k+1)]
					if !ok {
						break
					}
					u, k = u2, k+1
				}
				// A four-digit year before a unit ("2024 elections") is
				// rare enough; a bare year never reaches here.
				dst = append(dst, quant{q: entente.Quantity{Value: v, Unit: u, Text: text[toks[start].start:toks[k].end]}, start: start, end: k + 1})
				i = k
				break
			}
		}
	}
	return dst
}

// isStopWord reports words that end the "of …" phrase after a share.
func (sc *scratch) isStopWord(id int32) bool {
	fw := &sc.d.fw
	switch id {
	case fw.and, fw.or, fw.but, fw.that, fw.which, fw.who, fw.with, fw.in, fw.since, fw.while,
		fw.when, fw.because, fw.to, fw.by, fw.for_, fw.on, fw.at, fw.from, fw.has, fw.have,
		fw.had, fw.is, fw.are, fw.was, fw.were:
		return true
	}
	return false
}
