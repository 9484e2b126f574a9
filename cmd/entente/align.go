package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/measures"
	"entente/registry"

	"github.com/spf13/cobra"
)

func init() { register(alignCommand) }

// alignCommand answers "who votes with whom" from UN General Assembly roll
// calls: A against every state in a session, or A against B session by
// session, with agreement, kappa, S-score, ideal-point distance and A's
// agreement with the permanent members.
func alignCommand(m *Main) *cobra.Command {
	var with string
	var session, from, to, top int
	cmd := &cobra.Command{
		Use:   "align A",
		Short: "Who votes with A at the UN General Assembly: agreement, kappa, S-score, ideal points",
		Long: `UN General Assembly alignment from recorded roll calls (roll calls on which
both voted yes, no or abstain):
  agree    share of identical votes
  kappa    Cohen's kappa: agreement beyond what the two states' vote frequencies give by chance
  S        S-score (Signorino & Ritter) with yes=1, abstain=0.5, no=0: 1 − 2·mean|a−b|
  ideal    |θA − θB| of the Bailey–Strezhnev–Voeten ideal points (covers sessions after the votes end)
Without --with, every state is ranked by its agreement with A in one session
(default: the latest in which A voted), and A's agreement with each
permanent member is listed. With --with B, A and B are compared session by
session (all sessions, or --session, or --from/--to), with A's agreement
with the permanent members beside.`,
		Example: `  entente align USA --session 70
  entente align USA --with CUB --from 60 --to 74
  entente align PRK --with RUS --format csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &entente.UsageError{Msg: "align takes one actor", Hint: "entente align USA --with GBR --session 70"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if session < 0 || from < 0 || to < 0 || top < 0 {
				return &entente.UsageError{Msg: "--session, --from, --to and --top must not be negative", Hint: "sessions are numbered from 1 (1946); session 70 opened in 2015"}
			}
			for _, f := range []struct {
				name    string
				session int
			}{{"session", session}, {"from", from}, {"to", to}} {
				if f.session == 0 {
					continue
				}
				if y := measures.SessionYear(f.session); y > m.Clock.Now().Year() {
					return &entente.UsageError{
						Msg:  fmt.Sprintf("--%s %d is in the future: session %d opens in %d (today is %s)", f.name, f.session, f.session, y, fmtDate(m.Clock.Now())),
						Hint: fmt.Sprintf("the latest session that has opened is %d", measures.YearSession(m.Clock.Now().Year())),
					}
				}
			}
			if session != 0 && (from != 0 || to != 0) {
				return &entente.UsageError{Msg: "give --session or --from/--to, not both", Hint: "entente align USA --with CUB --from 60 --to 74"}
			}
			eng, reg, err := m.measures(ctx, "")
			if err != nil {
				return err
			}
			a, err := resolveActor(reg, args[0], time.Time{})
			if err != nil {
				return err
			}
			if with == "" {
				if from != 0 || to != 0 {
					return &entente.UsageError{Msg: "--from and --to need --with", Hint: "without --with, pick one session: entente align USA --session 70"}
				}
				al, err := eng.AlignmentOf(ctx, a.Code, session)
				if errors.Is(err, entente.ErrNotFound) {
					return &notFoundError{Msg: fmt.Sprintf("no UN votes or ideal points for %s in the store", a.Code),
						Hint: "import them with 'entente import PATH' (unvotes, unga-idealpoints); 'entente sources' lists what is imported"}
				}
				if err != nil {
					return err
				}
				cov, err := m.alignCoverage(ctx, al.Year)
				if err != nil {
					return err
				}
				return writeAlignment(m, reg, al, top, cov)
			}
			b, err := resolveActor(reg, with, time.Time{})
			if err != nil {
				return err
			}
			if a.Code == b.Code {
				return &entente.UsageError{Msg: fmt.Sprintf("--with %q is %s itself", with, a.Code), Hint: "compare two different states"}
			}
			lo, hi := 1, 200
			switch {
			case session != 0:
				lo, hi = session, session
			default:
				if from != 0 {
					lo = from
				}
				if to != 0 {
					hi = to
				}
			}
			if lo > hi {
				return &entente.UsageError{Msg: fmt.Sprintf("--from %d is after --to %d", lo, hi), Hint: "sessions run from 1 (1946) upwards"}
			}
			das, err := eng.DyadAlignment(ctx, a.Code, b.Code, lo, hi)
			if err != nil {
				return fmt.Errorf("align %s %s: %w", a.Code, b.Code, err)
			}
			// Without an explicit last session, the answer ends where the
			// data end and there is nothing to warn about.
			last := 0
			if session != 0 || to != 0 {
				last = measures.SessionYear(hi)
			} else if n := len(das); n > 0 {
				last = das[n-1].Year
			}
			cov, err := m.alignCoverage(ctx, last)
			if err != nil {
				return err
			}
			return writeDyadAlignment(m, a.Code, b.Code, das, cov)
		},
	}
	cmd.Flags().StringVar(&with, "with", "", "compare A with this state session by session")
	cmd.Flags().IntVar(&session, "session", 0, "UNGA session (session n opens in September of 1945+n; default: the latest A voted in)")
	cmd.Flags().IntVar(&from, "from", 0, "first session (with --with)")
	cmd.Flags().IntVar(&to, "to", 0, "last session (with --with)")
	cmd.Flags().IntVar(&top, "top", 0, "list only the N states most aligned with A (0: all)")
	return cmd
}

// p5Codes lists the permanent seats other than a, in output order.
func p5Codes(a string) []string {
	var out []string
	for _, s := range measures.P5 {
		if s.Code != a {
			out = append(out, s.Code)
		}
	}
	return out
}

func agreeCell(g measures.Agreement) string {
	if !g.HasData() {
		return ""
	}
	return g.Share.Percent()
}

// alignCoverage says how far the vote and ideal-point data reach, and
// warns on stderr for json and csv output.
func (m *Main) alignCoverage(ctx context.Context, year int) ([]coverage, error) {
	s, err := m.ReadStore(ctx)
	if err != nil {
		return nil, err
	}
	cov, err := dataCoverage(ctx, s, year, false, inputVotes, inputIdeal)
	if err != nil {
		return nil, err
	}
	if m.Config.Format != "table" {
		warnCoverage(m.Stderr, cov, year)
	}
	return cov, nil
}

func writeAlignment(m *Main, reg *registry.Registry, al measures.Alignment, top int, cov []coverage) error {
	partners := al.Partners
	if top > 0 && len(partners) > top {
		partners = partners[:top]
	}
	t := table{Header: []string{"iso3", "name", "votes", "identical", "agree", "kappa", "s_score", "ideal_dist", "p5", "votes_year", "ideal_year"}}
	for _, p := range partners {
		g := p.Agreement
		p5 := ""
		if p.P5 {
			p5 = "P5"
		}
		vy, iy := alignYears(g, p.IdealPoints)
		t.Rows = append(t.Rows, []string{g.B, actorName(reg, g.B), strconv.Itoa(g.Votes), strconv.Itoa(g.Identical), agreeCell(g),
			fmtOpt(g.Kappa, 3), fmtOpt(g.SScore, 3), fmtOpt(p.IdealPoints.Distance, 3), p5, vy, iy})
	}
	switch m.Config.Format {
	case "json":
		al.Partners = partners
		return table{Records: al}.write(m.Stdout, "json")
	case "csv":
		return t.write(m.Stdout, "csv")
	}
	w := m.Stdout
	fmt.Fprintf(w, "UN General Assembly session %d (opened %d): alignment with %s (%s), most aligned first\n", al.Session, al.Year, al.A, actorName(reg, al.A))
	var p5 []string
	for _, g := range al.P5 {
		cell := "no common votes"
		if g.HasData() {
			cell = fmt.Sprintf("%s (kappa %s, S %s, %d votes)", g.Share.Percent(), fmtOpt(g.Kappa, 2), fmtOpt(g.SScore, 2), g.Votes)
		}
		p5 = append(p5, g.B+" "+cell)
	}
	say(w, fmt.Sprintf("Agreement of %s with the permanent members: %s", al.A, strings.Join(p5, "; ")))
	fmt.Fprintln(w)
	say(w, alignLegend...)
	fmt.Fprintln(w)
	// On screen the two years share one column, defined in the legend.
	for i, r := range t.Rows {
		t.Rows[i] = append(r[:9], alignDataCell(r[9], r[10]))
	}
	t.Header = append(t.Header[:9], "data")
	if err := t.write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintln(w)
	writeCoverage(w, cov)
	return nil
}

// alignLegend defines the columns of the alignment tables.
var alignLegend = []string{
	"votes (n): roll calls on which both voted yes, no or abstain; identical: those with the same vote; agree: identical/votes.",
	"kappa: Cohen's kappa, agreement beyond what the two states' vote frequencies give by chance (−1 to 1); " +
		"S (s_score): 1 − 2·mean|a − b| with yes 1, abstain 0.5, no 0 (−1 to 1); " +
		"ideal (ideal_dist): distance between the Bailey–Strezhnev–Voeten ideal points, which cover sessions after the votes end.",
	"data (votes_year, ideal_year): the year of the votes and of the ideal points the row rests on, – where there are none; " +
		"each comes from the session itself, never carried from an earlier one.",
}

// alignYears gives the year of each input of an alignment row: the
// session's year where its votes (or ideal points) give a figure, "" where
// they give none.
func alignYears(g measures.Agreement, p measures.IdealPoints) (votes, ideal string) {
	if g.HasData() {
		votes = strconv.Itoa(g.Year)
	}
	if p.HasData() {
		ideal = strconv.Itoa(p.Year)
	}
	return votes, ideal
}

// alignDataCell is the table's "data" column: the two years, – for none.
func alignDataCell(votes, ideal string) string {
	if votes == "" {
		votes = "–"
	}
	if ideal == "" {
		ideal = "–"
	}
	return votes + " " + ideal
}

func writeDyadAlignment(m *Main, a, b string, das []measures.DyadAlignment, cov []coverage) error {
	if m.Config.Format == "json" {
		return table{Records: das}.write(m.Stdout, "json")
	}
	header := []string{"session", "year", "votes", "identical", "agree", "kappa", "s_score", "ideal_" + a, "ideal_" + b, "ideal_dist"}
	for _, c := range p5Codes(a) {
		header = append(header, a+"_agree_"+c)
	}
	header = append(header, "votes_year", "ideal_year")
	t := table{Header: header}
	for _, da := range das {
		g, p := da.Agreement, da.IdealPoints
		row := []string{strconv.Itoa(da.Session), strconv.Itoa(da.Year), strconv.Itoa(g.Votes), strconv.Itoa(g.Identical), agreeCell(g),
			fmtOpt(g.Kappa, 3), fmtOpt(g.SScore, 3), fmtOpt(p.PointA, 3), fmtOpt(p.PointB, 3), fmtOpt(p.Distance, 3)}
		byCode := map[string]measures.Agreement{}
		for _, x := range da.P5 {
			byCode[x.B] = x
		}
		for _, c := range p5Codes(a) {
			cell := agreeCell(byCode[c])
			if cell == "" {
				// Past the roll-call data, the ideal-point release still
				// reports agreement with the US, Russia and China.
				if v, ok := da.P5FromIdealPoints[c]; ok {
					cell = fmt.Sprintf("%.1f%%†", 100*v)
				}
			}
			row = append(row, cell)
		}
		vy, iy := alignYears(g, p)
		t.Rows = append(t.Rows, append(row, vy, iy))
	}
	if m.Config.Format == "csv" {
		return t.write(m.Stdout, "csv")
	}
	// On screen: agreement with its count in one column, the ideal points'
	// distance only, and the permanent members under their codes, so that
	// the table fits a terminal; csv and json keep every figure.
	short := table{Header: []string{"session", "year", "agree (n)", "kappa", "S", "ideal"}}
	short.Header = append(short.Header, p5Codes(a)...)
	short.Header = append(short.Header, "data")
	for i, da := range das {
		g := da.Agreement
		agree := ""
		if g.HasData() {
			agree = fmt.Sprintf("%s (%d)", g.Share.Percent(), g.Votes)
		}
		r := t.Rows[i]
		row := append([]string{strconv.Itoa(da.Session), strconv.Itoa(da.Year), agree,
			fmtOpt(g.Kappa, 2), fmtOpt(g.SScore, 2), fmtOpt(da.IdealPoints.Distance, 2)}, r[10:len(r)-2]...)
		short.Rows = append(short.Rows, append(row, alignDataCell(r[len(r)-2], r[len(r)-1])))
	}
	w := m.Stdout
	fmt.Fprintf(w, "UN General Assembly alignment of %s and %s by session (%d sessions)\n", a, b, len(das))
	say(w, alignLegend...)
	say(w, fmt.Sprintf("%s: %s's agreement with each permanent member.", strings.Join(p5Codes(a), ", "), a))
	if hasDagger(t.Rows) {
		say(w, "† agreement as reported by the ideal-point release (USAgree, RUSSAgree, ChinaAgree), for sessions past the roll-call data")
	}
	fmt.Fprintln(w)
	if err := short.write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintln(w)
	writeCoverage(w, cov)
	return nil
}

func hasDagger(rows [][]string) bool {
	for _, r := range rows {
		for _, c := range r {
			if strings.HasSuffix(c, "†") {
				return true
			}
		}
	}
	return false
}
