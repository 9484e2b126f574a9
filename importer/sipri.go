package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"entente"
)

// SIPRI Arms Transfers Database, two layouts:
//
// The trade register as SIPRI's website exports it: a preamble of about
// eleven lines describing the query ("Transfers of major conventional arms
// from … Deals with deliveries made for the year range …", "Data generated:
// 12 Feb 2026 …"), then a comma-separated header and one record per deal
// and delivery year. Every line ends with a ';' after the last field and
// lines end in CRLF. Columns: SIPRI AT Database ID, Supplier, Recipient,
// Designation, Description, Armament category, Order date, Order date is
// estimate, Numbers delivered, Numbers delivered is estimate, Delivery year,
// Delivery year is estimate, Status, SIPRI estimate, TIV deal unit, TIV
// delivery values, Local production. Each record becomes an arms.order tie
// from supplier to recipient in the delivery year with Value = TIV delivered
// (millions) and the other columns in Attrs. Names are SIPRI's and are
// mapped by name; a name ending in '*' is a non-state armed group and is
// never mapped to a state, '**' marks an organisation (NATO**, United
// Nations**) looked up without the stars. A record whose recipient cannot
// be mapped is kept with B empty and Attrs["recipient_unmapped"] = "true",
// because supplier shares need every delivery in the denominator; one whose
// supplier cannot be mapped is not stored. Both are tallied.
//
// The TIV dyad-year table (360info's compilation of SIPRI's per-exporter
// TIV tables): supplier, recipient, year, value, supplier_cown,
// recipient_cown, and map coordinates. Each row becomes an arms.transfer tie
// with Value = TIV millions delivered by supplier to recipient that year.
// Parties are mapped by COW code; where the code is NA (unknown parties,
// organisations, armed groups) by SIPRI's name as in the register, with the
// same rule for unmapped recipients.

const (
	sipriPublisher = "Stockholm International Peace Research Institute (SIPRI)"
	sipriCitation  = "Source: SIPRI Arms Transfers Database (c) SIPRI, https://www.sipri.org/databases/armstransfers"
	sipriURL       = "https://www.sipri.org/databases/armstransfers"
)

var (
	kindSIPRIRegister = &Kind{
		Name:           "sipri-register",
		Dataset:        "sipri.register",
		Title:          "SIPRI Arms Transfers Database: trade register",
		Publisher:      sipriPublisher,
		Licence:        "SIPRI terms: free use with attribution",
		Citation:       sipriCitation,
		URL:            sipriURL,
		Layout:         "SIPRI export: preamble, then CSV with a ';' ending every line: SIPRI AT Database ID, Supplier, Recipient, Designation, …, Delivery year, …, TIV delivery values, Local production",
		defaultRelease: "undated",
		release: func(s *sniff) string {
			if m := reSIPRIGenerated.FindSubmatch(s.head); m != nil {
				if d, err := time.Parse("2 Jan 2006", string(m[1])); err == nil {
					return d.Format(entente.DateLayout)
				}
			}
			return ""
		},
		order: 50,
		detect: func(s *sniff) int {
			if reSIPRIHeader.Match(s.head) || strings.HasPrefix(s.line, "Transfers of major conventional arms") {
				return 30
			}
			return 0
		},
		parse: parseSIPRIRegister,
	}
	kindSIPRITIV = &Kind{
		Name:           "sipri-tiv",
		Dataset:        "sipri.tiv",
		Title:          "SIPRI TIV of arms exports, dyad-year (360info compilation)",
		Publisher:      sipriPublisher + "; compiled by 360info",
		Licence:        "CC BY 4.0 (360info compilation); underlying data (c) SIPRI",
		Citation:       sipriCitation + "; 360info, report-arms-trade (2022).",
		URL:            "https://github.com/360-info/report-arms-trade",
		Layout:         "CSV: supplier, recipient, year, value (TIV millions), supplier_cown, recipient_cown, …",
		defaultRelease: "2022-08",
		order:          51,
		detect: func(s *sniff) int {
			return headerScore(s, "supplier", "recipient", "year", "value", "supplier_cown", "recipient_cown")
		},
		parse: parseSIPRITIV,
	}
)

var reSIPRIHeader = regexp.MustCompile(`(?m)^SIPRI AT Database ID,`)

var reSIPRIGenerated = regexp.MustCompile(`Data generated: (\d{1,2} [A-Z][a-z]{2} \d{4})`)

// semicolonLines strips the ';' SIPRI ends each line with, and the CR, so
// that encoding/csv sees plain records.
type semicolonLines struct {
	br  *bufio.Reader
	buf []byte
	err error
}

func (s *semicolonLines) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		line, err := s.br.ReadBytes('\n')
		s.err = err
		if len(line) == 0 {
			continue
		}
		nl := bytes.HasSuffix(line, []byte("\n"))
		line = bytes.TrimRight(line, "\r\n")
		line = bytes.TrimSuffix(line, []byte(";"))
		if nl || err == nil {
			line = append(line, '\n')
		}
		s.buf = line
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// sipriName maps a SIPRI supplier or recipient name.
func sipriName(j *job, name string, on time.Time) (string, bool) {
	switch {
	case strings.HasSuffix(name, "**"):
		if c := j.maps.lookup("", strings.TrimSuffix(name, "**"), on); c != "" {
			return c, true
		}
	case strings.HasSuffix(name, "*"):
		// Non-state armed groups: never resolved to the state named in
		// brackets.
	default:
		if c := j.maps.lookup("", name, on); c != "" {
			return c, true
		}
	}
	j.maps.miss("name", name)
	return "", false
}

func parseSIPRIRegister(j *job, in *input) error {
	br := bufio.NewReaderSize(in.r, 256<<10)
	// Skip the preamble up to the header line.
	var pre int64
	for {
		b, err := br.Peek(len("SIPRI AT Database ID"))
		if err == nil && string(b) == "SIPRI AT Database ID" {
			break
		}
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			pre++
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return &entente.InputError{File: j.path, Line: pre, Err: errors.New("no 'SIPRI AT Database ID' header line after the preamble")}
			}
			return readError(j.path, pre+1, err)
		}
	}
	t, err := newTableFrom(j.path, &semicolonLines{br: br}, ',', pre)
	if err != nil {
		return err
	}
	t.dups = &in.dups
	c, err := t.cols("SIPRI AT Database ID", "Supplier", "Recipient", "Delivery year", "TIV delivery values")
	if err != nil {
		return err
	}
	attrCols := map[string]int{}
	for _, name := range []string{"Designation", "Description", "Armament category", "Order date", "Order date is estimate",
		"Numbers delivered", "Numbers delivered is estimate", "Delivery year is estimate", "Status", "SIPRI estimate",
		"TIV deal unit", "Local production"} {
		if i := t.optCol(name); i >= 0 {
			attrCols[normCol(name)] = i
		}
	}
	cEst, cUnit := t.optCol("SIPRI estimate"), t.optCol("TIV deal unit")
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		id := r.Int(c[0])
		sup, rcp := r.Str(c[1]), r.Str(c[2])
		y := r.Year(c[3])
		tiv, okTIV := r.OptFloat(c[4])
		// SIPRI estimates are numbers when given; check them so that a
		// shifted column is caught.
		if cEst >= 0 {
			r.OptFloat(cEst)
		}
		if cUnit >= 0 {
			r.OptFloat(cUnit)
		}
		if err := r.Err(); err != nil {
			return err
		}
		if sup == "" {
			return &entente.InputError{File: j.path, Line: r.line, Field: "Supplier", Err: errors.New("empty supplier")}
		}
		j.rows++
		on := entente.Day(y, time.July, 1)
		a, okA := sipriName(j, sup, on)
		if !okA {
			continue
		}
		b, okB := sipriName(j, rcp, on)
		attrs := map[string]string{"sipri_id": strconv.Itoa(id), "supplier": sup, "recipient": rcp}
		for k, i := range attrCols {
			if v := r.Str(i); v != "" {
				attrs[k] = v
			}
		}
		if !okB {
			attrs["recipient_unmapped"] = "true"
		}
		if !okTIV {
			attrs["tiv_unknown"] = "true"
		}
		p := yearPeriod(y)
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: entente.TieArmsOrder, A: a, B: b, Period: p, Year: y, Value: tiv, Unit: "TIV million", Attrs: attrs, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
	}
}

func parseSIPRITIV(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("supplier", "recipient", "year", "value", "supplier_cown", "recipient_cown")
	if err != nil {
		return err
	}
	return t.each(func(r *rec) error {
		sup, rcp := r.Str(c[0]), r.Str(c[1])
		y := r.Year(c[2])
		v := r.Float(c[3])
		sc, okSC := r.OptInt(c[4])
		rc, okRC := r.OptInt(c[5])
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		on := entente.Day(y, time.July, 1)
		party := func(cown int, ok bool, name string) (string, bool) {
			if ok {
				return j.maps.year(entente.SchemeCOWNum, strconv.Itoa(cown), y)
			}
			return sipriName(j, name, on)
		}
		a, okA := party(sc, okSC, sup)
		if !okA {
			return nil
		}
		b, okB := party(rc, okRC, rcp)
		attrs := map[string]string{"supplier": sup, "recipient": rcp}
		if !okB {
			attrs["recipient_unmapped"] = "true"
		}
		p := yearPeriod(y)
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: entente.TieArmsTransfer, A: a, B: b, Period: p, Year: y, Value: v, Unit: "TIV million",
			Attrs: attrs, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
		return nil
	})
}
