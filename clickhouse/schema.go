package clickhouse

import (
	"fmt"
	"strings"
	"time"
)

// tableDef names a table's columns in INSERT order and their types, one
// letter each: s String, i Int32, l Int64, u UInt64, f Float64, b UInt8.
// Naming the columns in every INSERT keeps old and new servers happy and
// lets migrations add columns.
type tableDef struct {
	name  string
	cols  []string
	types string
}

func def(name, types string, cols ...string) tableDef {
	if len(types) != len(cols) {
		panic(fmt.Sprintf("clickhouse: table %s: %d types for %d columns", name, len(types), len(cols)))
	}
	return tableDef{name: name, cols: cols, types: types}
}

var (
	tSources = def("sources", "ussssssssssliibl",
		"tx", "id", "dataset", "release", "title", "publisher", "licence", "citation", "url", "file", "checksum", "rows", "cov_from", "cov_to", "curated", "imported")
	tRegistryMeta = def("registry_meta", "usl", "tx", "version", "loaded")
	tActors       = def("actors", "ussssss", "tx", "code", "kind", "name", "region", "subregion", "doc")
	tMemberships  = def("memberships", "usssiis", "tx", "grp", "member", "status", "p_from", "p_to", "note")
	tRollCalls    = def("rollcalls", "usiissssbbbssls",
		"tx", "id", "session", "date", "resolution", "short", "title", "issues", "important", "amendment", "paragraph", "ev_source", "ev_file", "ev_line", "meta")
	tVotes = def("votes", "usssssl", "tx", "rollcall", "country", "choice", "ev_source", "ev_file", "ev_line")
	tTies  = def("ties", "usssiiifsssslsiis",
		"tx", "kind", "a", "b", "p_from", "p_to", "year", "value", "unit", "attrs", "ev_source", "ev_file", "ev_line", "ev_document", "ev_start", "ev_end", "ev_text")
	tEvents = def("events", "usissssssssfbssfifsslsiis",
		"tx", "id", "date", "src_code", "src_country", "src_text", "tgt_code", "tgt_country", "tgt_text", "cameo", "plover", "goldstein", "negated",
		"modality", "quantities", "confidence", "mentions", "tone", "ev_source", "ev_file", "ev_line", "ev_document", "ev_start", "ev_end", "ev_text")
	tEventEvidence = def("event_evidence", "ussslsiis",
		"tx", "event_id", "ev_source", "ev_file", "ev_line", "ev_document", "ev_start", "ev_end", "ev_text")
	tEventProvenance = def("event_provenance", "usss", "tx", "event_id", "ev_source", "provenance")
	tDocuments       = def("documents", "ussssisssss",
		"tx", "id", "title", "author", "publisher", "date", "url", "checksum", "text", "duplicate_of", "source")
	tArtifacts = def("artifacts", "ussls", "tx", "kind", "key", "created", "body")
	tTxlog     = def("txlog", "ussl", "tx", "source", "op", "at")
)

// distributed lists the bulk tables spread over the shards (and read
// through their Distributed "_d" twins); the others live on the first
// server.
var distributed = map[string]bool{"votes": true, "ties": true, "events": true, "event_evidence": true}

// visibilityKey is the SQL expression naming the commit-log key a table's
// rows are written under: the source they cite, or a pseudo-source for
// rows that are replaced as a whole (a source's own record, the registry,
// one artifact).
var visibilityKey = map[string]string{
	"sources":          "concat('@source/', id)",
	"registry_meta":    "'@registry'",
	"actors":           "'@registry'",
	"memberships":      "'@registry'",
	"rollcalls":        "ev_source",
	"votes":            "ev_source",
	"ties":             "ev_source",
	"events":           "ev_source",
	"event_evidence":   "ev_source",
	"event_provenance": "ev_source",
	"documents":        "source",
	"artifacts":        "concat('@artifact/', toString(length(kind)), '/', kind, '/', key)",
}

// The Go side of visibilityKey.
const registryKey = "@registry"

func sourceKey(id string) string { return "@source/" + id }

func artifactKey(kind, key string) string {
	return fmt.Sprintf("@artifact/%d/%s/%s", len(kind), kind, key)
}

// tablesOfKey lists the tables that may hold rows written under key.
func tablesOfKey(key string) []string {
	switch {
	case key == registryKey:
		return []string{"registry_meta", "actors", "memberships"}
	case strings.HasPrefix(key, "@source/"):
		return []string{"sources"}
	case strings.HasPrefix(key, "@artifact/"):
		return []string{"artifacts"}
	}
	return []string{"rollcalls", "votes", "ties", "events", "event_evidence", "event_provenance", "documents"}
}

// ymd encodes a day as YYYYMMDD, the zero time as 0.
func ymd(t time.Time) int32 {
	if t.IsZero() {
		return 0
	}
	t = t.UTC()
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

// dayOf decodes ymd.
func dayOf(v int32) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Date(int(v/10000), time.Month(v/100%100), int(v%100), 0, 0, 0, 0, time.UTC)
}

// micros encodes a time as microseconds since the epoch, the precision
// DuckDB keeps, so that both stores give the same times back.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func timeOfMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

func boolByte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// quote renders s as a ClickHouse string literal.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case 0:
			b.WriteString(`\0`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// quoteList renders strings as a parenthesised list of literals.
func quoteList(values []string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = quote(v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
