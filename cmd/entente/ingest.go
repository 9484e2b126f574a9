package main

import (
	"fmt"

	"entente"
	"entente/coder"
	"entente/ingest"

	"github.com/spf13/cobra"
)

func init() { register(ingestCommand) }

// ingestCommand reads articles, codes them and stores documents and
// events in one transaction: `entente ingest ./articles https://…/feed.xml`.
func ingestCommand(m *Main) *cobra.Command {
	var queue string
	cmd := &cobra.Command{
		Use:   "ingest FILE|DIR|URL|FEED...",
		Short: "Store articles (text, HTML, RSS/Atom; files, folders or URLs) and the events coded from them",
		Long: `ingest reads every argument, codes each document into events and stores
documents and events together: a failure stores nothing. A document already
stored is left as it is, a near-copy of a stored one (a syndicated article)
is linked to it, and an event reported by several documents is stored once
with each of them as evidence.`,
		Example: `  entente ingest analysis.txt
  entente ingest ./articles
  entente ingest https://example.org/feed.xml
  entente ingest --queue nats://127.0.0.1:4222 ./articles   # coded by entente worker`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			c, err := coder.New(coder.DefaultConfig(), reg)
			if err != nil {
				return err
			}
			cfg := ingest.DefaultConfig()
			cfg.Clock = m.Clock
			rd, err := ingest.NewReader(cfg)
			if err != nil {
				return err
			}
			var docs []entente.Document
			reading := m.Progress().Phase("reading", int64(len(args)), "inputs")
			for _, arg := range args {
				ds, err := rd.Read(ctx, arg)
				if err != nil {
					return err
				}
				docs = append(docs, ds...)
				reading.Add(1)
			}
			reading.Done()
			if queue != "" {
				return publishDocuments(ctx, m, queue, docs)
			}
			s, err := m.Store(ctx)
			if err != nil {
				return err
			}
			svc, err := ingest.NewService(cfg, s, c)
			if err != nil {
				return err
			}
			coding := m.Progress().Busy(fmt.Sprintf("coding and storing %d documents", len(docs)))
			rep, err := svc.Ingest(ctx, docs)
			coding.Done()
			if err != nil {
				return err
			}
			t := table{Header: []string{"documents", "unchanged", "duplicates", "events", "evidence"}}
			t.Rows = [][]string{{fmt.Sprint(rep.Documents), fmt.Sprint(rep.Unchanged), fmt.Sprint(rep.Duplicates), fmt.Sprint(rep.Events), fmt.Sprint(rep.Evidence)}}
			t.Records = rep
			if err := t.write(m.Stdout, m.Config.Format); err != nil || m.Config.Format != "table" {
				return err
			}
			fmt.Fprintln(m.Stdout, "\ndocuments: new documents stored; unchanged: already stored, left as they were;")
			fmt.Fprintln(m.Stdout, "duplicates: new documents stored as near-copies of another (syndicated); events: new events")
			fmt.Fprintln(m.Stdout, "coded and stored; evidence: sentences added to events already known (an event reported again).")
			fmt.Fprintln(m.Stdout, "List them with 'entente documents' and 'entente events'.")
			return nil
		},
	}
	cmd.Flags().StringVar(&queue, "queue", "", "publish the documents to this NATS JetStream queue (nats://host:port) for entente worker instead of coding them here")
	return cmd
}
