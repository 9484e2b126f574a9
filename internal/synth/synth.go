// Package synth generates a seeded, reproducible GDELT-shaped event record
// for the scale benchmarks: a few hundred state codes whose frequencies fall
// off like Zipf's law, dates from 1979 to 2026, CAMEO codes under the twenty
// roots with their PLOVER category, and GDELT-like scores.
//
// Every field of event i is a pure function of i, computed with 64-bit
// integer arithmetic that never overflows, so the same record can be made
// in Go (Event, for loading through entente) and in the stores' own SQL
// (DuckDBSelect, ClickHouseSelect, for loading 100M rows faster than any
// client can send them). The two agree on every field except, rarely, an
// actor rank at a floating-point boundary of the power function.
package synth

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"entente"
)

// Source is the source id every synthetic event cites.
const Source = "synthetic:1"

// prime is the modulus of the hash: products of two values below it fit in
// an int64, in Go and in both stores' SQL.
const prime = 2147483647

// Codes are the actor country codes, most frequent first: ISO 3166 alpha-3
// codes of states as GDELT writes them, then further codes to make a few
// hundred, as GDELT also records sub-state and historical codes.
var Codes = func() []string {
	base := strings.Fields(`USA CHN RUS GBR IRN ISR FRA DEU IND PAK UKR TUR JPN PRK KOR SYR AFG IRQ SAU EGY
AUS CAN ITA ESP BRA MEX NGA ZAF KEN ETH SDN LBY YEM LBN JOR PSE QAT ARE KWT OMN
BHR IDN PHL VNM THA MYS SGP MMR BGD LKA NPL KAZ UZB TJK KGZ TKM AZE ARM GEO BLR
POL CZE SVK HUN ROU BGR SRB HRV BIH SVN MKD ALB GRC CYP MLT PRT IRL NLD BEL LUX
CHE AUT DNK NOR SWE FIN ISL EST LVA LTU MDA VEN COL PER ECU BOL CHL ARG URY PRY
CUB HTI DOM JAM GTM HND SLV NIC CRI PAN DZA MAR TUN MRT MLI NER TCD BFA SEN GIN
SLE LBR CIV GHA TGO BEN CMR CAF COG COD GAB AGO ZMB ZWE MOZ MWI TZA UGA RWA BDI
SOM DJI ERI SSD NAM BWA LSO SWZ MDG MUS COM SYC CPV GMB GNB GNQ STP NZL PNG FJI
SLB VUT WSM TON KIR TUV NRU MHL FSM PLW TWN HKG MAC MNG LAO KHM BRN TLS BTN MDV`)
	for i := 0; len(base) < 300; i++ {
		base = append(base, fmt.Sprintf("Z%02d", i))
	}
	return base
}()

// roots lists the PLOVER category of each CAMEO root 01–20.
var roots = [20]string{"CONSULT", "CONSULT", "COOPERATE", "CONSULT", "COOPERATE", "COOPERATE", "AID", "YIELD",
	"INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "REDUCE", "COERCE",
	"ASSAULT", "ASSAULT", "ASSAULT"}

// first is the first day of the record; days is its length (1979–2026).
var first = entente.Day(1979, 1, 1)

var days = int64(entente.Day(2027, 1, 1).Sub(first) / (24 * time.Hour))

// mix is the field hash: two rounds of a multiplicative hash modulo a
// prime, keyed by the field number.
func mix(i int64, field int64) int64 {
	h := ((i%prime)*(48271+field*7919) + field*1000003) % prime
	return (h*69621 + 12345) % prime
}

// rank maps a uniform draw to a code rank with frequency about 1/rank.
func rank(h int64) int {
	r := int(math.Floor(math.Pow(float64(len(Codes)+1), float64(h)/prime))) - 1
	return min(max(r, 0), len(Codes)-1)
}

// Event returns event i of the record.
func Event(i int64) entente.Event {
	src, tgt := Codes[rank(mix(i, 1))], Codes[rank(mix(i, 2))]
	root := mix(i, 4) % 20
	return entente.Event{
		ID:         "syn:" + strconv.FormatInt(i, 10),
		Date:       first.AddDate(0, 0, int(mix(i, 3)%days)),
		Source:     entente.ActorRef{Code: src + "GOV", Country: src, Text: src},
		Target:     entente.ActorRef{Code: tgt, Country: tgt, Text: tgt},
		CAMEO:      fmt.Sprintf("%02d%d", root+1, mix(i, 5)%10),
		PLOVER:     roots[root],
		Goldstein:  float64(mix(i, 6)%201-100) / 10,
		Modality:   entente.Asserted,
		Quantities: nil,
		Confidence: 1,
		Mentions:   int(1 + mix(i, 7)%20),
		Tone:       float64(mix(i, 8)%2001-1000) / 100,
		Evidence:   []entente.Evidence{{Source: Source, File: "synthetic.csv", Line: i + 2}},
	}
}

// Events returns events [from, to) of the record.
func Events(from, to int64) []entente.Event {
	out := make([]entente.Event, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, Event(i))
	}
	return out
}

// sqlMix renders mix over the SQL integer expression i.
func sqlMix(i string, field int64) string {
	return fmt.Sprintf("((((%s %% %d) * %d + %d) %% %d) * 69621 + 12345) %% %d", i, prime, 48271+field*7919, field*1000003, prime, prime)
}

func sqlList(xs []string) string {
	return "['" + strings.Join(xs, "', '") + "']"
}

// sqlRank renders rank; arrays are 1-based in both dialects.
func sqlRank(pow, floor, i string, field int64) string {
	return fmt.Sprintf("least(greatest(%s(%s(%d, (%s) / %d.0)) - 1, 0), %d) + 1", floor, pow, len(Codes)+1, sqlMix(i, field), prime, len(Codes)-1)
}

// DuckDBSelect is a SELECT producing events [from, to) in the column order of
// entente's DuckDB events table.
func DuckDBSelect(from, to int64) string {
	codes, plovers := sqlList(Codes), sqlList(roots[:])
	return fmt.Sprintf(`SELECT 'syn:' || i, DATE '1979-01-01' + CAST(%s %% %d AS INTEGER),
  src || 'GOV', src, src, tgt, tgt, tgt,
  lpad(CAST(root + 1 AS VARCHAR), 2, '0') || CAST(%s %% 10 AS VARCHAR), %s[root + 1],
  (%s %% 201 - 100) / 10.0, false, 'asserted', '[]', 1.0, CAST(1 + %s %% 20 AS INTEGER), (%s %% 2001 - 1000) / 100.0,
  '%s', 'synthetic.csv', i + 2, '', 0, 0, ''
FROM (SELECT i, %s[CAST(%s AS BIGINT)] AS src, %s[CAST(%s AS BIGINT)] AS tgt, %s %% 20 AS root FROM range(%d, %d) t(i))`,
		sqlMix("i", 3), days, sqlMix("i", 5), plovers, sqlMix("i", 6), sqlMix("i", 7), sqlMix("i", 8), Source,
		codes, sqlRank("pow", "floor", "i", 1), codes, sqlRank("pow", "floor", "i", 2), sqlMix("i", 4), from, to)
}

// chModulo finds a modulo by a literal: ClickHouse types the result with
// the divisor's width (Int8 for 201), so the divisor is made an Int64.
var chModulo = regexp.MustCompile(`% (\d+)`)

// ClickHouseSelect is a SELECT producing events [from, to) in the column order
// of entente's ClickHouse events table, every row under update id tx. With
// shards > 1 it produces only the events i with i mod shards = shard, so
// that each shard of a cluster can generate its own share locally.
func ClickHouseSelect(from, to int64, tx uint64, shards, shard int) string {
	codes, plovers := sqlList(Codes), sqlList(roots[:])
	// numbers(from, count) rather than numbers(to) filtered from from:
	// the 25th 4M-row slice of 100M would otherwise count through the 96M
	// numbers before it.
	part := ""
	if shards > 1 {
		part = fmt.Sprintf(" WHERE number %% %d = %d", shards, shard)
	}
	q := fmt.Sprintf(`SELECT toUInt64(%d), concat('syn:', toString(i)), toInt32(toYYYYMMDD(toDate('1979-01-01') + toInt64(%s %% %d))),
  concat(src, 'GOV'), src, src, tgt, tgt, tgt,
  concat(if(root < 9, '0', ''), toString(root + 1), toString(%s %% 10)), %s[root + 1],
  (%s %% 201 - 100) / 10.0, toUInt8(0), 'asserted', '[]', 1.0, toInt32(1 + %s %% 20), (%s %% 2001 - 1000) / 100.0,
  '%s', 'synthetic.csv', toInt64(i + 2), '', toInt32(0), toInt32(0), ''
FROM (SELECT toInt64(number) AS i, %s[toUInt64(%s)] AS src, %s[toUInt64(%s)] AS tgt, %s %% 20 AS root FROM numbers(%d, %d)%s)`,
		tx, sqlMix("i", 3), days, sqlMix("i", 5), plovers, sqlMix("i", 6), sqlMix("i", 7), sqlMix("i", 8), Source,
		codes, sqlRank("pow", "floor", "i", 1), codes, sqlRank("pow", "floor", "i", 2), sqlMix("i", 4), from, to-from, part)
	return chModulo.ReplaceAllString(q, "% toInt64($1)")
}
