package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"entente"
	"entente/registry"

	"github.com/spf13/cobra"
)

func init() { register(actorCommand) }

// actorCommand groups the commands about one actor: show and resolve.
func actorCommand(m *Main) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "actor",
		Short: "Show one actor, or resolve a mention in text to actors",
	}
	cmd.AddCommand(actorShowCommand(m), actorResolveCommand(m))
	return cmd
}

func actorShowCommand(m *Main) *cobra.Command {
	var date string
	cmd := &cobra.Command{
		Use:     "show CODE|NAME",
		Short:   "Show an actor's codes, names, memberships and leaders",
		Example: "  entente actor show PRK\n  entente actor show \"Soviet Union\"\n  entente actor show 365 --date 1980-01-01",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &entente.UsageError{Msg: "actor show takes one code or name", Hint: `quote names with spaces: entente actor show "North Korea"`}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, on, err := m.registryOn(date)
			if err != nil {
				return err
			}
			a, err := lookupActor(reg, args[0], on.Time)
			if err != nil {
				if errors.Is(err, entente.ErrNotFound) {
					return actorNotFound(reg, args[0], on.Time)
				}
				return err
			}
			return showActor(m, reg, a, on.Time)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "resolve names and codes as of this day, YYYY-MM-DD")
	return cmd
}

// actorNotFound is the error for a code or name that matches no actor,
// with a hint naming the closest actors of the kinds asked for (any kind
// when none is given): a command about states suggests states, never a
// leader ("Xi") or a capital.
func actorNotFound(reg *registry.Registry, q string, on time.Time, kinds ...entente.ActorKind) error {
	msg := fmt.Sprintf("no actor matches %q", q)
	what := "actors"
	if len(kinds) == 1 && kinds[0] == entente.KindState {
		msg = fmt.Sprintf("no state matches %q", q)
		what = "states"
	}
	if !on.IsZero() {
		msg += " on " + fmtDate(on)
	}
	hint := `give an ISO3 code or a name, e.g. PRK or "North Korea"; list them with 'entente actors'`
	if s := suggestActors(reg, q, 5, kinds...); len(s) > 0 {
		hint = "closest " + what + ": " + strings.Join(s, ", ")
	}
	return &notFoundError{Msg: msg, Hint: hint}
}

// suggestActors returns up to n of the registry's suggestions for q that
// name an actor of one of the kinds by its name, an alias or a code. With
// no kinds every suggestion is kept.
func suggestActors(reg *registry.Registry, q string, n int, kinds ...entente.ActorKind) []string {
	if len(kinds) == 0 {
		return reg.Suggest(q, n)
	}
	want := map[entente.ActorKind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	// Suggestions are names, aliases, leaders and codes mixed; keep those
	// that stand for an actor of a wanted kind.
	fits := map[string]bool{}
	key := func(s string) string { return strings.TrimPrefix(strings.ToLower(s), "the ") }
	for _, a := range reg.Actors() {
		if want[a.Kind] {
			fits[key(a.Name)] = true
			fits[key(a.Code)] = true
		}
	}
	for _, nm := range reg.Data().Names {
		switch nm.Kind {
		case entente.NameOfficial, entente.NameAlias, entente.NameCode:
		default:
			continue
		}
		if a, ok := reg.Actor(nm.Actor); ok && want[a.Kind] {
			fits[key(nm.Text)] = true
		}
	}
	var out []string
	for _, s := range reg.Suggest(q, 10*n) {
		if fits[key(s)] && len(out) < n {
			out = append(out, s)
		}
	}
	return out
}

// lookupActor accepts an entente code, a code in any scheme or a name; the
// rules live in registry.Lookup so that the CLI and the HTTP API agree.
func lookupActor(reg *registry.Registry, q string, on time.Time) (entente.Actor, error) {
	return reg.Lookup(q, on)
}

// actorDetail is the JSON shape of `actor show`.
type actorDetail struct {
	entente.Actor
	Names       []entente.Name       `json:"names"`
	Memberships []entente.Membership `json:"memberships"`
	Offices     []entente.Office     `json:"offices"`
}

func showActor(m *Main, reg *registry.Registry, a entente.Actor, on time.Time) error {
	d := actorDetail{Actor: a, Memberships: reg.GroupsOf(a.Code, on), Offices: reg.Offices(a.Code)}
	for _, n := range reg.Data().Names {
		if n.Actor == a.Code {
			d.Names = append(d.Names, n)
		}
	}
	if d.Names == nil {
		d.Names = []entente.Name{}
	}
	if d.Memberships == nil {
		d.Memberships = []entente.Membership{}
	}
	if d.Offices == nil {
		d.Offices = []entente.Office{}
	}
	t := table{Header: []string{"field", "value", "valid"}, Records: d}
	add := func(field, value, valid string) { t.Rows = append(t.Rows, []string{field, value, valid}) }
	add("code", a.Code, fmtSpells(a.Valid))
	add("name", a.Name, "")
	if a.FullName != "" {
		add("full name", a.FullName, "")
	}
	add("kind", string(a.Kind), "")
	if a.UN != "" {
		add("UN status", string(a.UN), "")
	}
	if a.Region != "" {
		add("region", a.Region+" / "+a.Subregion, "")
	}
	if a.Capital != "" {
		add("capital", a.Capital, "")
	}
	for _, c := range a.Codes {
		add("code "+string(c.Scheme), c.Value, fmtSpells(c.Valid))
	}
	if len(a.Predecessors) > 0 {
		add("predecessors", strings.Join(a.Predecessors, ", "), "")
	}
	if len(a.Successors) > 0 {
		add("successors", strings.Join(a.Successors, ", "), "")
	}
	for _, n := range d.Names {
		v := n.Text
		if n.Role != "" {
			v += " (" + string(n.Role) + ")"
		}
		add(string(n.Kind), v, fmtSpells(n.Valid))
	}
	for _, ms := range d.Memberships {
		add("member of", ms.Group+" ("+ms.Status+")", ms.Period.String())
	}
	for _, o := range d.Offices {
		add(strings.ReplaceAll(string(o.Role), "_", " "), o.Person, o.Term.String())
	}
	return t.write(m.Stdout, m.Config.Format)
}

func actorResolveCommand(m *Main) *cobra.Command {
	var date string
	cmd := &cobra.Command{
		Use:   "resolve TEXT",
		Short: "Find the actors a piece of text mentions, as of a date",
		Example: `  entente actor resolve "Pyongyang's deployment" --date 2024-11-01
  entente actor resolve "the Chinese coast guard"
  entente actor resolve "Duterte" --date 2020-01-01`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &entente.UsageError{Msg: "actor resolve needs the text to resolve", Hint: `entente actor resolve "the Kremlin" --date 1985-01-01`}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, on, err := m.registryOn(date)
			if err != nil {
				return err
			}
			text := strings.Join(args, " ")
			mentions := reg.FindMentions(text, on.Time, nil)
			if len(mentions) == 0 {
				return actorNotFound(reg, text, on.Time)
			}
			t := table{Header: []string{"code", "actor", "iso3", "role", "span", "text", "why"}, Records: mentions}
			for _, mn := range mentions {
				t.Rows = append(t.Rows, []string{mn.Code, mn.Actor, mn.Country, string(mn.Role),
					fmt.Sprintf("%d-%d", mn.Start, mn.End), mn.Text, mn.Why})
			}
			return t.write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "resolve as of this day, YYYY-MM-DD (leaders, renamed and dissolved states)")
	return cmd
}
