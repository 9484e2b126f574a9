package main

import (
	"fmt"
	"strings"

	"time"

	"entente"
	"entente/registry"

	"github.com/spf13/cobra"
)

func init() { register(actorsCommand) }

// actorsCommand lists the registry, optionally only the members of one bloc
// on one day: `entente actors --member-of ASEAN --date 1995-01-01`.
func actorsCommand(m *Main) *cobra.Command {
	var memberOf, date, kind, status string
	cmd := &cobra.Command{
		Use:   "actors",
		Short: "List states, organisations, blocs and regions in the registry",
		Example: `  entente actors --member-of ASEAN --date 1995-01-01
  entente actors --kind igo --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, on, err := m.registryOn(date)
			if err != nil {
				return err
			}
			switch entente.ActorKind(kind) {
			case "", entente.KindState, entente.KindIGO, entente.KindBloc, entente.KindRegion:
			default:
				return &entente.UsageError{Msg: fmt.Sprintf("unknown --kind %q", kind), Hint: "use --kind state, igo, bloc or region"}
			}
			t := table{Header: []string{"code", "name", "kind", "iso2", "iso3", "cown", "cowc", "un", "region", "valid"}}
			type record struct {
				entente.Actor
				Membership *entente.Membership `json:"membership,omitempty"`
			}
			var records []record
			if memberOf != "" {
				group, ok := reg.Actor(strings.ToUpper(memberOf))
				if !ok {
					g, err := reg.ByName(memberOf, on.Time)
					if err != nil {
						hint := "list them with 'entente actors --kind igo', '--kind bloc' or '--kind region'"
						if sg := suggestActors(reg, memberOf, 3, entente.KindIGO, entente.KindBloc, entente.KindRegion); len(sg) > 0 {
							hint = "closest organisations and blocs: " + strings.Join(sg, ", ") + "; or " + hint
						}
						return &notFoundError{Msg: fmt.Sprintf("no bloc or organisation %q", memberOf), Hint: hint}
					}
					group = g
				}
				t.Header = append(t.Header, "status", "member_from", "member_to")
				wanted := map[string]bool{}
				for _, st := range strings.Split(status, ",") {
					wanted[strings.TrimSpace(st)] = true
				}
				for _, ms := range reg.Members(group.Code, on.Time) {
					if !wanted["all"] && !wanted[ms.Status] {
						continue
					}
					a, ok := reg.Actor(ms.Member)
					if !ok || (kind != "" && string(a.Kind) != kind) {
						continue
					}
					ms := ms
					t.Rows = append(t.Rows, append(actorRow(a, on.Time), ms.Status, fmtDate(ms.Period.From), fmtDate(ms.Period.To)))
					records = append(records, record{Actor: a, Membership: &ms})
				}
			} else {
				for _, a := range reg.Actors() {
					if (kind != "" && string(a.Kind) != kind) || !a.ValidOn(on.Time) {
						continue
					}
					t.Rows = append(t.Rows, actorRow(a, on.Time))
					records = append(records, record{Actor: a})
				}
			}
			if records == nil {
				records = []record{}
			}
			t.Records = records
			return t.write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&memberOf, "member-of", "", "only members of this organisation, bloc or region (code or name)")
	cmd.Flags().StringVar(&date, "date", "", "only actors existing (or members) on this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&status, "status", "member,suspended", "with --member-of: membership statuses to list (member, suspended, observer, partner, or all)")
	cmd.Flags().StringVar(&kind, "kind", "", "only this kind: state, igo, bloc or region")
	return cmd
}

// actorRow is the one-line summary of an actor; codes are those valid on
// the day (or today's, when no day is given).
func actorRow(a entente.Actor, on time.Time) []string {
	return []string{a.Code, a.Name, string(a.Kind),
		a.CodeIn(entente.SchemeISO2, on), a.CodeIn(entente.SchemeISO3, on), a.CodeIn(entente.SchemeCOWNum, on),
		a.CodeIn(entente.SchemeCOWAbb, on), string(a.UN), a.Region, fmtSpells(a.Valid)}
}

// registryOn reads the --date flag of the registry commands and returns
// the registry with the day asked (zero when none was given).
func (m *Main) registryOn(date string) (*registry.Registry, timeValue, error) {
	on, err := parseDateFlag("date", date)
	if err != nil {
		return nil, on, err
	}
	reg, err := m.Registry()
	return reg, on, err
}
