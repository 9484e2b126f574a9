package http

import (
	"errors"
	"fmt"
	nethttp "net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/measures"
)

// The handlers below read parameters, call one service and write its
// answer. Parameter parsing errors name the parameter.

func queryDate(r *nethttp.Request, name string) (time.Time, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return time.Time{}, nil
	}
	d, err := entente.ParseDate(v)
	if err != nil {
		return time.Time{}, badParam(name, fmt.Errorf("%q is not a date (YYYY-MM-DD)", v))
	}
	return d, nil
}

func queryYear(r *nethttp.Request, name string, def int) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return def, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1816 || y > 2200 {
		return 0, badParam(name, fmt.Errorf("%q is not a year", v))
	}
	return y, nil
}

func queryInt(r *nethttp.Request, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badParam(name, fmt.Errorf("%q: want a whole number from %d to %d", v, lo, hi))
	}
	return n, nil
}

func queryBool(r *nethttp.Request, name string) (*bool, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, badParam(name, fmt.Errorf("%q: want true or false", v))
	}
	return &b, nil
}

// lastYear is the default year of yearly measures: the last full year.
func (s *Server) lastYear() int { return s.svc.Now().Year() - 1 }

// actorParam resolves an actor named in the path or query, date-aware.
func (s *Server) actorParam(name, q string, on time.Time) (entente.Actor, error) {
	a, err := s.svc.Registry.Lookup(q, on)
	if err != nil {
		if errors.Is(err, entente.ErrNotFound) {
			hint := ""
			if sug := s.svc.Registry.Suggest(q, 5); len(sug) > 0 {
				hint = " (closest: " + strings.Join(sug, ", ") + ")"
			}
			return a, &entente.InputError{File: "request", Field: name, Err: fmt.Errorf("no actor matches %q%s: %w", q, hint, entente.ErrNotFound)}
		}
		return a, &entente.InputError{File: "request", Field: name, Err: err}
	}
	return a, nil
}

// actorSummary is the short form of an actor the map and lists use.
type actorSummary struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	ISO3   string `json:"iso3,omitempty"`
	ISONum string `json:"isonum,omitempty"`
}

func (s *Server) listActors(w nethttp.ResponseWriter, r *nethttp.Request) error {
	on, err := queryDate(r, "date")
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	out := []actorSummary{}
	for _, a := range s.svc.Registry.Actors() {
		if kind != "" && string(a.Kind) != kind {
			continue
		}
		if !on.IsZero() && !a.Valid.Contains(on) {
			continue
		}
		day := on
		if day.IsZero() {
			day = s.svc.Now()
		}
		out = append(out, actorSummary{Code: a.Code, Name: a.Name, Kind: string(a.Kind),
			ISO3: a.CodeIn(entente.SchemeISO3, day), ISONum: a.CodeIn(entente.SchemeISONum, day)})
	}
	return writeJSON(w, nethttp.StatusOK, out)
}

func (s *Server) getActor(w nethttp.ResponseWriter, r *nethttp.Request) error {
	on, err := queryDate(r, "date")
	if err != nil {
		return err
	}
	a, err := s.actorParam("code", r.PathValue("code"), on)
	if err != nil {
		return err
	}
	reg := s.svc.Registry
	type detail struct {
		entente.Actor
		Memberships []entente.Membership `json:"memberships"`
		Offices     []entente.Office     `json:"offices"`
	}
	d := detail{Actor: a, Memberships: reg.GroupsOf(a.Code, on), Offices: reg.Offices(a.Code)}
	if d.Memberships == nil {
		d.Memberships = []entente.Membership{}
	}
	if d.Offices == nil {
		d.Offices = []entente.Office{}
	}
	return writeJSON(w, nethttp.StatusOK, d)
}

func (s *Server) search(w nethttp.ResponseWriter, r *nethttp.Request) error {
	on, err := queryDate(r, "date")
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		return badParam("q", errors.New("empty query: give a name, a code or a phrase"))
	}
	if len(q) > 500 {
		return badParam("q", errors.New("longer than 500 bytes: use POST /api/v1/mentions for text"))
	}
	return writeJSON(w, nethttp.StatusOK, s.svc.Registry.Search(q, on))
}

func (s *Server) mentions(w nethttp.ResponseWriter, r *nethttp.Request) error {
	var req struct {
		Text string `json:"text"`
		Date string `json:"date"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	on, err := bodyDate("date", req.Date)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Text) == "" {
		return badParam("text", errors.New("empty text"))
	}
	return writeJSON(w, nethttp.StatusOK, s.svc.Registry.FindMentions(req.Text, on, []entente.Mention{}))
}

func bodyDate(field, v string) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, nil
	}
	d, err := entente.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, badParam(field, fmt.Errorf("%q is not a date (YYYY-MM-DD)", v))
	}
	return d, nil
}

func (s *Server) sources(w nethttp.ResponseWriter, r *nethttp.Request) error {
	srcs, err := s.svc.Store.Sources(r.Context())
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	if srcs == nil {
		srcs = []entente.Source{}
	}
	return writeJSON(w, nethttp.StatusOK, srcs)
}

func (s *Server) dyad(w nethttp.ResponseWriter, r *nethttp.Request) error {
	to, err := queryYear(r, "to", s.lastYear())
	if err != nil {
		return err
	}
	from, err := queryYear(r, "from", to-14)
	if err != nil {
		return err
	}
	if from > to || to-from >= 300 {
		return badParam("from", fmt.Errorf("years %d–%d: want from ≤ to and at most 300 years", from, to))
	}
	on := entente.Day(to, 12, 31)
	a, err := s.actorParam("a", r.PathValue("a"), on)
	if err != nil {
		return err
	}
	b, err := s.actorParam("b", r.PathValue("b"), on)
	if err != nil {
		return err
	}
	if a.Code == b.Code {
		return badParam("b", fmt.Errorf("both sides are %s: a dyad needs two actors", a.Code))
	}
	key := fmt.Sprintf("dyad %s %s %d %d", a.Code, b.Code, from, to)
	return s.writeCached(w, key, func() (any, error) {
		d, err := s.measures().DyadTimeline(r.Context(), a.Code, b.Code, from, to)
		if err != nil {
			return nil, fmt.Errorf("dyad %s %s: %w", a.Code, b.Code, err)
		}
		return d, nil
	})
}

func (s *Server) leverage(w nethttp.ResponseWriter, r *nethttp.Request) error {
	year, err := queryYear(r, "year", s.lastYear())
	if err != nil {
		return err
	}
	a, err := s.actorParam("over", r.PathValue("over"), entente.Day(year, 12, 31))
	if err != nil {
		return err
	}
	return s.writeCached(w, fmt.Sprintf("leverage %s %d", a.Code, year), func() (any, error) {
		rk, err := s.measures().LeverageOver(r.Context(), a.Code, year)
		if err != nil {
			return nil, fmt.Errorf("leverage over %s: %w", a.Code, err)
		}
		return rk, nil
	})
}

func (s *Server) alignment(w nethttp.ResponseWriter, r *nethttp.Request) error {
	session, err := queryInt(r, "session", 0, 0, 200)
	if err != nil {
		return err
	}
	on := time.Time{}
	if session > 0 {
		on = entente.Day(measures.SessionYear(session), 12, 31)
	}
	a, err := s.actorParam("actor", r.PathValue("actor"), on)
	if err != nil {
		return err
	}
	return s.writeCached(w, fmt.Sprintf("alignment %s %d", a.Code, session), func() (any, error) {
		al, err := s.measures().AlignmentOf(r.Context(), a.Code, session)
		if err != nil {
			return nil, fmt.Errorf("alignment of %s: %w", a.Code, err)
		}
		return al, nil
	})
}

func (s *Server) choropleth(w nethttp.ResponseWriter, r *nethttp.Request) error {
	year, err := queryYear(r, "year", s.lastYear())
	if err != nil {
		return err
	}
	measure := r.URL.Query().Get("measure")
	if measure == "" {
		return badParam("measure", fmt.Errorf("missing: want one of %s", strings.Join(measures.MapMeasures, ", ")))
	}
	a, err := s.actorParam("country", r.URL.Query().Get("country"), entente.Day(year, 12, 31))
	if err != nil {
		return err
	}
	return s.writeCached(w, fmt.Sprintf("map %s %s %d", measure, a.Code, year), func() (any, error) {
		m, err := s.measures().Choropleth(r.Context(), measure, a.Code, year)
		if errors.Is(err, entente.ErrInvalid) {
			return nil, badParam("measure", err)
		}
		return m, err
	})
}

// eventPage is a page of events and where the next one starts.
type eventPage struct {
	Events []entente.Event `json:"events"`
	Total  int             `json:"total"`
	Offset int             `json:"offset"`
	Limit  int             `json:"limit"`
}

func (s *Server) events(w nethttp.ResponseWriter, r *nethttp.Request) error {
	var f EventQuery
	var err error
	if f.From, err = queryDate(r, "from"); err != nil {
		return err
	}
	if f.To, err = queryDate(r, "to"); err != nil {
		return err
	}
	q := r.URL.Query()
	for _, p := range []struct {
		name string
		dst  *string
	}{{"actor", &f.Actor}, {"source", &f.Source}, {"target", &f.Target}} {
		if v := q.Get(p.name); v != "" {
			a, err := s.actorParam(p.name, v, f.To)
			if err != nil {
				return err
			}
			*p.dst = a.Code
		}
	}
	f.CAMEO, f.PLOVER, f.Modality = q.Get("cameo"), strings.ToUpper(q.Get("plover")), entente.Modality(q.Get("modality"))
	if f.CAMEO != "" && strings.Trim(f.CAMEO, "0123456789") != "" {
		return badParam("cameo", fmt.Errorf("%q: want a CAMEO code prefix of digits", f.CAMEO))
	}
	switch f.Modality {
	case "", entente.Asserted, entente.Hedged, entente.Recommended, entente.Reported:
	default:
		return badParam("modality", fmt.Errorf("%q: want asserted, hedged, recommended or reported", f.Modality))
	}
	if f.Negated, err = queryBool(r, "negated"); err != nil {
		return err
	}
	if f.Limit, err = queryInt(r, "limit", s.cfg.PageSize, 1, s.cfg.MaxPageSize); err != nil {
		return err
	}
	if f.Offset, err = queryInt(r, "offset", 0, 0, 1<<30); err != nil {
		return err
	}
	evs, total, err := QueryEvents(r.Context(), s.svc.Store, f)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	return writeJSON(w, nethttp.StatusOK, eventPage{Events: evs, Total: total, Offset: f.Offset, Limit: f.Limit})
}

// documentSummary is a document without its text, for listings.
type documentSummary struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Publisher   string    `json:"publisher,omitempty"`
	Date        time.Time `json:"date"`
	URL         string    `json:"url,omitempty"`
	DuplicateOf string    `json:"duplicate_of,omitempty"`
}

func (s *Server) documents(w nethttp.ResponseWriter, r *nethttp.Request) error {
	docs, err := s.svc.Store.Documents(r.Context())
	if err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	out := make([]documentSummary, 0, len(docs))
	for _, d := range docs {
		out = append(out, documentSummary{ID: d.ID, Title: d.Title, Publisher: d.Publisher, Date: d.Date, URL: d.URL, DuplicateOf: d.DuplicateOf})
	}
	return writeJSON(w, nethttp.StatusOK, out)
}

func (s *Server) document(w nethttp.ResponseWriter, r *nethttp.Request) error {
	id := r.PathValue("id")
	if !strings.HasPrefix(id, "doc:") {
		return badParam("id", fmt.Errorf("%q: document IDs start with doc:", id))
	}
	d, err := s.svc.Store.Document(r.Context(), id)
	if err != nil {
		return fmt.Errorf("document %s: %w", id, err)
	}
	return writeJSON(w, nethttp.StatusOK, d)
}

// checkURL accepts only absolute http(s) URLs with a host.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badParam("url", fmt.Errorf("%q: want an absolute http or https URL", raw))
	}
	return nil
}

func (s *Server) network(w nethttp.ResponseWriter, r *nethttp.Request) error {
	year, err := queryYear(r, "year", s.lastYear())
	if err != nil {
		return err
	}
	tie := r.URL.Query().Get("tie")
	if tie == "" {
		tie = measures.NetAlliance
	}
	threshold := measures.DefaultThreshold(tie)
	if v := strings.TrimSpace(r.URL.Query().Get("threshold")); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return badParam("threshold", fmt.Errorf("%q: want a share from 0 to 1", v))
		}
		threshold = f
	}
	return s.writeCached(w, fmt.Sprintf("network %s %d %g", tie, year, threshold), func() (any, error) {
		n, err := s.measures().Network(r.Context(), tie, year, threshold)
		if errors.Is(err, entente.ErrInvalid) {
			return nil, badParam("tie", err)
		}
		return n, err
	})
}
