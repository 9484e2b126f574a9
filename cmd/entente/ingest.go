package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"

	"entente"
	"entente/ingest"

	"github.com/spf13/cobra"
)

func init() { register(ingestCommand) }

// ingestCommand reads articles, codes them and stores documents and
// events in one transaction: `entente ingest ./articles https://…/feed.xml`.
func ingestCommand(m *Main) *cobra.Command {
	var queue string
	var adjURL, adjModel string
	cmd := &cobra.Command{
		Use:   "ingest FILE|DIR|URL|FEED...",
		Short: "Store articles (text, HTML, RSS/Atom; files, folders or URLs) and the events coded from them",
		Long: `ingest reads every argument, codes each document into events and stores
documents and events together: a failure stores nothing. A document already
stored is left as it is, a near-copy of a stored one (a syndicated article)
is linked to it, and an event reported by several documents is stored once
with each of them as evidence.

A plain-text file larger than 8 MiB is coded as a stream in bounded memory;
its document keeps the first 64 KiB of its text, and its events their
sentences. --adjudicate URL --adjudicate-model NAME (opt-in) works as for
extract: what the rules leave open is asked of your chat endpoint, and what
it answers validly is stored with its provenance.`,
		Example: `  entente ingest analysis.txt
  entente ingest ./articles
  entente ingest https://example.org/feed.xml
  entente ingest --queue nats://127.0.0.1:4222 ./articles   # coded by entente worker`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := m.newCoder()
			if err != nil {
				return err
			}
			cfg := ingest.DefaultConfig()
			cfg.Clock = m.Clock
			rd, err := ingest.NewReader(cfg)
			if err != nil {
				return err
			}
			// Plain-text files over the read cap are coded as streams once
			// the service is up; the rest is read whole. in keeps the
			// input order: a nil doc stands for the next streamed file.
			var docs []entente.Document
			var streams []string
			var in []*entente.Document
			files := localFiles(args)
			reading := m.Progress().Phase("reading", int64(len(files)), "inputs")
			for _, arg := range files {
				if big, err := streamable(arg, cfg.MaxBytes); err != nil {
					return err
				} else if big {
					streams = append(streams, arg)
					in = append(in, nil)
					reading.Add(1)
					continue
				}
				ds, err := rd.Read(ctx, arg)
				if err != nil {
					return err
				}
				docs = append(docs, ds...)
				for i := range ds {
					in = append(in, &ds[i])
				}
				reading.Add(1)
			}
			reading.Done()
			if queue != "" {
				// The worker codes queued documents with the rules alone; an
				// adjudicator asked for here would silently do nothing.
				if adjURL != "" || adjModel != "" {
					return &entente.UsageError{Msg: "--adjudicate cannot be used with --queue: the worker codes queued documents", Hint: "entente ingest --adjudicate URL --adjudicate-model NAME FILE (without --queue)"}
				}
				// The queue carries whole documents; a file that must be
				// streamed is coded here, not queued half.
				if len(streams) > 0 {
					return &entente.UsageError{Msg: fmt.Sprintf("%s is larger than %d bytes and cannot be queued", streams[0], cfg.MaxBytes), Hint: "entente ingest " + streams[0]}
				}
				return publishDocuments(ctx, m, queue, docs)
			}
			if len(streams) > 0 {
				streamMemory(m)
			}
			s, err := m.Store(ctx)
			if err != nil {
				return err
			}
			svc, err := ingest.NewService(cfg, s, c)
			if err != nil {
				return err
			}
			if adjURL != "" || adjModel != "" {
				a, err := newAdjudicator(adjURL, adjModel, c)
				if err != nil {
					return err
				}
				svc.Adjudicate(a)
				defer func() { printAdjudication(m.Stderr, svc.Adjudication()) }()
			}
			coding := m.Progress().Busy(fmt.Sprintf("coding and storing %d documents", len(docs)+len(streams)))
			rep, err := ingestAll(ctx, svc, docs, streams, in)
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
	cmd.Flags().StringVar(&adjURL, "adjudicate", "", "opt-in: URL of an OpenAI-compatible chat endpoint that codes the sentences the rules leave open")
	cmd.Flags().StringVar(&adjModel, "adjudicate-model", "", "model name to ask at the --adjudicate endpoint")
	return cmd
}

// ingestAll codes docs on every core, then stores them and each streamed
// file in one transaction, in input order; a streamed file is coded inside
// that transaction and its events written as they come (ingest.Streamed).
func ingestAll(ctx context.Context, svc *ingest.Service, docs []entente.Document, streams []string, in []*entente.Document) (ingest.Report, error) {
	coded, err := svc.Code(ctx, docs)
	if err != nil {
		return ingest.Report{}, err
	}
	all := make([]ingest.Coded, 0, len(in))
	for _, d := range in {
		if d != nil {
			all = append(all, coded[0])
			coded = coded[1:]
			continue
		}
		t, err := ingest.OpenText(streams[0])
		if err != nil {
			return ingest.Report{}, err
		}
		defer t.Close()
		streams = streams[1:]
		all = append(all, ingest.Streamed(t))
	}
	return svc.Store(ctx, all)
}

// Memory limits while a long text file is streamed into the store. The
// file's events are written into one transaction as they are coded (so
// that a failure stores nothing of it); without limits, DuckDB kept the
// transaction's rows in memory and Go's heap grew to twice its live size,
// and an 8 MiB file took about 480 MB. With DuckDB held to 64 MB, rows
// beyond it are written to the database file before COMMIT (a rollback
// frees them), and the Go heap, whose live size while coding is about
// 40-60 MB, is collected before it passes 100 MiB.
const (
	streamDuckDBMemory = "64MB"
	streamGoMemory     = 100 << 20
)

// streamMemory sets those limits for this run, unless the user set a
// Go memory limit of their own (GOMEMLIMIT).
func streamMemory(m *Main) {
	m.dbMemoryLimit = streamDuckDBMemory
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(streamGoMemory)
	}
}
