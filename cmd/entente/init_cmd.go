package main

import (
	"fmt"

	"entente"

	"github.com/spf13/cobra"
)

func init() { register(initCommand) }

// initCommand creates the store if needed and loads the built-in registry
// into it, then says what the registry holds.
func initCommand(m *Main) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create the store (--db) and load the built-in actor registry into it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := m.Store(cmd.Context())
			if err != nil {
				return err
			}
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			version, err := s.RegistryVersion(cmd.Context())
			if err != nil {
				return err
			}
			stats := registryStats(reg.Data())
			t := table{Header: []string{"store", "registry", "states", "organisations", "regions", "names", "offices", "memberships"}}
			t.Rows = [][]string{{m.Config.DBPath, version, fmt.Sprint(stats.states), fmt.Sprint(stats.groups), fmt.Sprint(stats.regions),
				fmt.Sprint(stats.names), fmt.Sprint(stats.offices), fmt.Sprint(stats.memberships)}}
			return t.write(m.Stdout, m.Config.Format)
		},
	}
}

type regStats struct{ states, groups, regions, names, offices, memberships int }

func registryStats(d entente.RegistryData) regStats {
	var s regStats
	for _, a := range d.Actors {
		switch a.Kind {
		case entente.KindState:
			s.states++
		case entente.KindRegion:
			s.regions++
		default:
			s.groups++
		}
	}
	s.names, s.offices, s.memberships = len(d.Names), len(d.Offices), len(d.Memberships)
	return s
}
