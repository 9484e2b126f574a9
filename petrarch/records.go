package petrarch

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"entente"
)

// Expected is one <EventCoding> of a validation record: an event, or
// NoEvents when the record expects none, or Error when it expects the coder
// to refuse the sentence.
type Expected struct {
	Source   string `json:"source,omitempty"`
	Target   string `json:"target,omitempty"`
	Code     string `json:"code,omitempty"`
	NoEvents bool   `json:"no_events,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Record is one <Sentence> of a validation file.
type Record struct {
	ID       string     `json:"id"`
	Category string     `json:"category"`
	Date     time.Time  `json:"date"`
	Scored   bool       `json:"scored"` // sentence="true" (or valid="true")
	Text     string     `json:"text"`
	Parse    string     `json:"parse,omitempty"`
	Expected []Expected `json:"expected"`
	// Options are the <Config> options in force for this record.
	Options map[string]string `json:"options,omitempty"`
	Line    int64             `json:"line"`
}

// Environment is the <Environment> block: the dictionaries the records
// were written for and the options set there.
type Environment struct {
	VerbFile    string            `json:"verb_file,omitempty"`
	ActorFiles  []string          `json:"actor_files,omitempty"`
	AgentFile   string            `json:"agent_file,omitempty"`
	DiscardFile string            `json:"discard_file,omitempty"`
	Include     []string          `json:"include,omitempty"`
	Options     map[string]string `json:"options,omitempty"`
}

// Records is a parsed validation file.
type Records struct {
	File        string      `json:"file"`
	Environment Environment `json:"environment"`
	Records     []Record    `json:"records"`
}

// xmlSentence mirrors <Sentence> for encoding/xml.
type xmlSentence struct {
	Date     string `xml:"date,attr"`
	ID       string `xml:"id,attr"`
	Category string `xml:"category,attr"`
	Sentence string `xml:"sentence,attr"`
	Valid    string `xml:"valid,attr"`
	Codings  []struct {
		Source   string  `xml:"sourcecode,attr"`
		Target   string  `xml:"targetcode,attr"`
		Code     string  `xml:"eventcode,attr"`
		NoEvents *string `xml:"noevents,attr"`
		Error    *string `xml:"error,attr"`
	} `xml:"EventCoding"`
	Text  string `xml:"Text"`
	Parse string `xml:"Parse"`
}

type xmlConfig struct {
	Option string `xml:"option,attr"`
	Value  string `xml:"value,attr"`
}

// ReadRecords parses a PETRARCH validation file (PETR.UnitTest.records.xml
// and PETRARCH-1's copy). <Config> elements between sentences change the
// options of the records after them, as PETRARCH's harness does. Bad input
// is an *entente.InputError naming the line and the field ("xml", "date",
// "id", "EventCoding").
func ReadRecords(r io.Reader, file string) (*Records, error) {
	out := &Records{File: file, Environment: Environment{Options: map[string]string{}}}
	dec := xml.NewDecoder(r)
	dec.Strict = true
	opts := map[string]string{}
	inEnv := false
	line := func() int64 { l, _ := dec.InputPos(); return int64(l) }
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &entente.InputError{File: file, Line: line(), Field: "xml", Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			at := line()
			bad := func(field string, err error) error {
				return &entente.InputError{File: file, Line: at, Field: field, Err: err}
			}
			switch t.Name.Local {
			case "Environment":
				inEnv = true
			case "Verbfile", "Actorfile", "Agentfile", "Discardfile", "Include":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, bad(t.Name.Local, err)
				}
				s = strings.TrimSpace(s)
				env := &out.Environment
				switch t.Name.Local {
				case "Verbfile":
					env.VerbFile = s
				case "Actorfile":
					for _, f := range strings.Split(s, ",") {
						if f = strings.TrimSpace(f); f != "" {
							env.ActorFiles = append(env.ActorFiles, f)
						}
					}
				case "Agentfile":
					env.AgentFile = s
				case "Discardfile":
					env.DiscardFile = s
				case "Include":
					env.Include = strings.Fields(s)
				}
			case "Config":
				var c xmlConfig
				if err := dec.DecodeElement(&c, &t); err != nil {
					return nil, bad("Config", err)
				}
				if c.Option == "" {
					return nil, bad("Config", fmt.Errorf("<Config> without an option attribute"))
				}
				opts = cloneOpts(opts)
				opts[strings.ToLower(c.Option)] = strings.ToLower(strings.TrimSpace(c.Value))
				if inEnv {
					out.Environment.Options[strings.ToLower(c.Option)] = strings.ToLower(strings.TrimSpace(c.Value))
				}
			case "Sentence":
				var s xmlSentence
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, bad("xml", err)
				}
				rec, err := toRecord(s, at, opts)
				if err != nil {
					var ie *entente.InputError
					if errors.As(err, &ie) {
						ie.File = file
						return nil, ie
					}
					return nil, bad("Sentence", err)
				}
				out.Records = append(out.Records, rec)
			}
		case xml.EndElement:
			if t.Name.Local == "Environment" {
				inEnv = false
			}
		}
	}
	if len(out.Records) == 0 {
		return nil, &entente.InputError{File: file, Field: "Sentence", Err: fmt.Errorf("no <Sentence> records")}
	}
	return out, nil
}

func cloneOpts(m map[string]string) map[string]string {
	c := make(map[string]string, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

func toRecord(s xmlSentence, at int64, opts map[string]string) (Record, error) {
	bad := func(field string, err error) error {
		return &entente.InputError{Line: at, Field: field, Err: err}
	}
	if strings.TrimSpace(s.ID) == "" {
		return Record{}, bad("id", fmt.Errorf("<Sentence> without an id"))
	}
	d, err := time.Parse("20060102", strings.TrimSpace(s.Date))
	if err != nil {
		return Record{}, bad("date", fmt.Errorf("sentence %s: date %q is not YYYYMMDD", s.ID, s.Date))
	}
	flag := s.Sentence
	if flag == "" {
		flag = s.Valid
	}
	rec := Record{
		ID:       strings.TrimSpace(s.ID),
		Category: strings.TrimSpace(s.Category),
		Date:     d,
		Scored:   strings.EqualFold(strings.TrimSpace(flag), "true"),
		Text:     strings.Join(strings.Fields(s.Text), " "),
		Parse:    strings.TrimSpace(s.Parse),
		Options:  opts,
		Line:     at,
	}
	for _, c := range s.Codings {
		switch {
		case c.Error != nil:
			rec.Expected = append(rec.Expected, Expected{Error: *c.Error})
		case c.NoEvents != nil:
			rec.Expected = append(rec.Expected, Expected{NoEvents: true})
		default:
			if c.Code == "" {
				return Record{}, bad("EventCoding", fmt.Errorf("sentence %s: <EventCoding> without eventcode, noevents or error", rec.ID))
			}
			rec.Expected = append(rec.Expected, Expected{Source: strings.ToUpper(c.Source), Target: strings.ToUpper(c.Target), Code: strings.ToUpper(c.Code)})
		}
	}
	return rec, nil
}
