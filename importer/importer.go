// Package importer reads the public datasets entente builds on — UN General
// Assembly votes and ideal points, COW and ATOP alliances, COW trade, SIPRI
// arms transfers, GDELT and ICEWS events, and the COW reference tables — in
// their publishers' own file formats, and writes them to an entente.Store.
//
// Every file is streamed (memory stays flat in file size), written in one
// transaction (a bad file changes nothing), and recorded as an
// entente.Source carrying its dataset, release, licence, citation and
// SHA-256, so that every stored row can be traced back to a file and line.
// Importing the same file again adds nothing; importing a newer release of a
// dataset replaces the rows of the older one.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"entente"
)

// CodeMapper finds the registry actor behind a country code or name on a
// given day. *registry.Registry satisfies it; tests use a small fake.
type CodeMapper interface {
	ByCode(scheme entente.CodeScheme, value string, on time.Time) (entente.Actor, error)
	ByName(text string, on time.Time) (entente.Actor, error)
}

// Progress is told how far the import of one file has got, in bytes of the
// file as stored on disk. The CLI implements it with a progress bar when
// stderr is a terminal; a nil Progress keeps the importer quiet.
type Progress interface {
	// Start announces a file and its size in bytes.
	Start(file string, size int64)
	// Add reports n more bytes read.
	Add(n int64)
	// Finish closes the display of the current file.
	Finish()
}

// RowProgress is optionally implemented by a Progress that also shows how
// many files an import will read and how many data rows it has read: bytes
// tell how far a file has got, rows what has been read.
type RowProgress interface {
	Progress
	// Planned announces the number of files to import, before the first.
	Planned(files int)
	// Rows reports the data rows read so far from the current file.
	Rows(n int64)
}

// reportRows passes a row count to a RowProgress, if p is one.
func reportRows(p Progress, n int64) {
	if rp, ok := p.(RowProgress); ok {
		rp.Rows(n)
	}
}

// Config tunes an Importer. The zero value of every field but Registry has a
// sensible default.
type Config struct {
	// Registry maps country codes and names to actors. Required.
	Registry CodeMapper
	// Clock stamps Source.Imported. Default: the system clock.
	Clock entente.Clock
	// Progress receives progress; nil means quiet.
	Progress Progress
	// BatchSize is the number of rows handed to the store at once.
	// Default 8192.
	BatchSize int
	// Release overrides the release detected from the file (for files whose
	// name and contents do not say it, e.g. the unvotes CSVs).
	Release string
	// Replace lets a file replace a stored release although it yields
	// less than half as many rows (the CLI's --replace). Without it such a
	// file is refused: a truncated download must not wipe a release.
	Replace bool
	// LookupDir holds GDELT's CAMEO.eventcodes.txt and
	// CAMEO.goldsteinscale.txt. Default: a lookups/ folder beside the file,
	// if any.
	LookupDir string
}

// Validate checks the configuration and fills in defaults.
func (c *Config) Validate() error {
	if c.Registry == nil {
		return fmt.Errorf("importer config: registry is required: %w", entente.ErrInvalid)
	}
	if c.Clock == nil {
		c.Clock = entente.SystemClock{}
	}
	if c.BatchSize == 0 {
		c.BatchSize = 8192
	}
	if c.BatchSize < 0 {
		return fmt.Errorf("importer config: batch size %d: %w", c.BatchSize, entente.ErrInvalid)
	}
	return nil
}

// Importer writes dataset files to a store.
type Importer struct {
	cfg   Config
	store entente.Store
}

// New returns an importer writing to store.
func New(store entente.Store, cfg Config) (*Importer, error) {
	if store == nil {
		return nil, fmt.Errorf("importer: store is required: %w", entente.ErrInvalid)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Importer{cfg: cfg, store: store}, nil
}

// Status tells what happened to one file.
type Status string

const (
	// Imported: the file's rows were written.
	Imported Status = "imported"
	// Unchanged: the same file (by checksum) was imported before.
	Unchanged Status = "unchanged"
	// Skipped: the file was not imported; Reason says why.
	Skipped Status = "skipped"
)

// FileResult reports the import of one file.
type FileResult struct {
	Path   string         `json:"path"`
	Kind   string         `json:"kind,omitempty"`
	Status Status         `json:"status"`
	Reason string         `json:"reason,omitempty"`
	Source entente.Source `json:"source,omitzero"`
	// Stored counts rows written, by table (rollcalls, votes, ties, events).
	Stored map[string]int64 `json:"stored,omitempty"`
	// Unmapped counts rows whose country code or name the registry could
	// not map, by "scheme value" (e.g. "cown 99", "name Zanzibar").
	Unmapped map[string]int64 `json:"unmapped,omitempty"`
	// Replaced lists the IDs of sources this file replaced.
	Replaced []string `json:"replaced,omitempty"`
	// Notes are findings worth telling the analyst (crosswalk
	// disagreements, unknown CAMEO codes, Goldstein mismatches).
	Notes   []string      `json:"notes,omitempty"`
	Elapsed time.Duration `json:"elapsed_ns"`
}

// UnmappedRows is the number of rows with an unmapped code.
func (r FileResult) UnmappedRows() int64 {
	var n int64
	for _, c := range r.Unmapped {
		n += c
	}
	return n
}

// Report lists what an import did, file by file, in the order processed.
type Report struct {
	Files []FileResult `json:"files"`
}

// Import imports the files and directories in paths. kind names the
// dataset kind (see Kinds); "" detects it per file from its name and header.
// A directory is walked and every recognised file under it imported; the
// others are listed as skipped with the reason. Import stops at the first
// bad file: that file changes nothing, files imported before it stay, and
// the error (an *entente.InputError for bad contents) is returned with the
// report so far.
func (im *Importer) Import(ctx context.Context, kind string, paths ...string) (Report, error) {
	var rep Report
	var forced *Kind
	if kind != "" {
		k, ok := KindByName(kind)
		if !ok {
			return rep, &entente.UsageError{
				Msg:  fmt.Sprintf("unknown dataset kind %q", kind),
				Hint: "known kinds: " + strings.Join(KindNames(), ", "),
			}
		}
		forced = k
	}
	if len(paths) == 0 {
		return rep, &entente.UsageError{Msg: "no file or directory to import", Hint: "entente import [KIND] PATH..."}
	}
	type planned struct {
		path string
		kind *Kind
		rel  string
	}
	var plan []planned
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return rep, fmt.Errorf("import: %w", err)
		}
		if !st.IsDir() {
			k := forced
			if k == nil {
				k, err = Detect(p)
				if err != nil {
					return rep, err
				}
			}
			plan = append(plan, planned{path: p, kind: k})
			continue
		}
		var found []planned
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			k, derr := Detect(path)
			if derr != nil {
				rep.Files = append(rep.Files, FileResult{Path: path, Status: Skipped, Reason: skipReason(derr)})
				return nil
			}
			if forced != nil && k != forced {
				rep.Files = append(rep.Files, FileResult{Path: path, Kind: k.Name, Status: Skipped, Reason: "not of kind " + forced.Name})
				return nil
			}
			found = append(found, planned{path: path, kind: k})
			return nil
		})
		if err != nil {
			return rep, fmt.Errorf("import: %w", err)
		}
		// Within a directory, files are taken in dependency order (roll
		// calls before votes) and older releases before newer ones, so that
		// the newest release is the one left standing.
		for i := range found {
			found[i].rel = releaseOf(found[i].kind, found[i].path, "")
		}
		sort.SliceStable(found, func(i, j int) bool {
			a, b := found[i], found[j]
			if a.kind.order != b.kind.order {
				return a.kind.order < b.kind.order
			}
			if c := compareRelease(a.rel, b.rel); c != 0 {
				return c < 0
			}
			return a.path < b.path
		})
		plan = append(plan, found...)
	}
	if rp, ok := im.cfg.Progress.(RowProgress); ok {
		rp.Planned(len(plan))
	}
	for _, pl := range plan {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		res, err := im.importFile(ctx, pl.kind, pl.path)
		rep.Files = append(rep.Files, res)
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// checkShrink refuses a file that would wipe or shrink a stored release:
// one with no data rows at all, one that stores nothing where a release
// stood, and, unless Config.Replace is set, one yielding less than half the
// rows of the release it replaces (a truncated download, a header-only
// file). The transaction is rolled back, so the stored release is kept.
func (im *Importer) checkShrink(j *job, same []entente.Source, toDelete []string) error {
	var storedNow int64
	for _, n := range j.stored {
		storedNow += n
	}
	var before int64
	var replaced []string
	for _, s := range same {
		if slices.Contains(toDelete, s.ID) {
			before += s.Rows
			replaced = append(replaced, s.ID)
		}
	}
	kept := ""
	if len(replaced) > 0 {
		kept = "; the stored " + strings.Join(replaced, ", ") + " is kept"
	}
	switch {
	case j.rows == 0:
		return &entente.InputError{File: j.path, Err: fmt.Errorf("no data rows: nothing imported%s", kept)}
	case storedNow == 0 && len(replaced) > 0:
		return &entente.InputError{File: j.path, Err: fmt.Errorf("%d rows but none could be stored%s", j.rows, kept)}
	case !im.cfg.Replace && len(replaced) > 0 && 2*j.rows < before:
		return &entente.InputError{File: j.path, Err: fmt.Errorf("%d rows where the stored %s has %d%s (use --replace to replace it anyway)",
			j.rows, strings.Join(replaced, ", "), before, kept)}
	}
	return nil
}

// dropKnownEvents removes the events this file just wrote whose publisher
// ids another source already holds (the same GDELT or ICEWS content
// imported from a renamed or recompressed copy, or overlapping releases),
// when the store offers it.
func (j *job) dropKnownEvents() error {
	if j.stored["events"] == 0 {
		return nil
	}
	d, ok := j.tx.(entente.EventDeduplicator)
	if !ok {
		return nil
	}
	n, err := d.DropKnownEvents(j.ctx, j.src.ID)
	if err != nil {
		return fmt.Errorf("import %s: %w", j.path, err)
	}
	if n > 0 {
		j.stored["events"] -= n
		j.note("%d events already stored from other files (same publisher ids) were not stored again", n)
	}
	return nil
}

// skipReason renders why a file was not recognised, without the file name
// the report already shows.
func skipReason(err error) string {
	var ie *entente.InputError
	if errors.As(err, &ie) {
		return ie.Err.Error()
	}
	return err.Error()
}

// errSourcesChanged reports that another process stored or removed a
// source of the file's dataset between importFileOnce's look at the store
// and its transaction, so that its decision (import, skip, replace what)
// may be wrong.
var errSourcesChanged = errors.New("the stored sources changed while the file was being read")

// importFile imports one file of a known kind in one transaction. The
// write lock is taken only inside the transaction (another process may
// import meanwhile), so when the sources of the file's dataset changed
// since the decision, the decision is taken again: a second import of the
// same file started at the same moment then finds it already imported
// instead of storing its rows twice.
func (im *Importer) importFile(ctx context.Context, k *Kind, path string) (FileResult, error) {
	for attempt := 1; ; attempt++ {
		res, err := im.importFileOnce(ctx, k, path)
		if errors.Is(err, errSourcesChanged) && attempt < 5 {
			continue
		}
		if err != nil && errors.Is(err, errSourcesChanged) {
			err = fmt.Errorf("import %s: %w (other processes keep importing the same dataset; retry)", path, err)
		}
		return res, err
	}
}

// sourcesOf returns the checksum of every stored source of a dataset, by
// ID.
func sourcesOf(stored []entente.Source, dataset string) map[string]string {
	out := map[string]string{}
	for _, s := range stored {
		if s.Dataset == dataset {
			out[s.ID] = s.Checksum
		}
	}
	return out
}

// importFileOnce decides from the stored sources what to do with the file
// and does it in one transaction, or returns errSourcesChanged.
func (im *Importer) importFileOnce(ctx context.Context, k *Kind, path string) (FileResult, error) {
	start := time.Now()
	res := FileResult{Path: path, Kind: k.Name}
	if k.skip != "" {
		res.Status, res.Reason = Skipped, k.skip
		return res, nil
	}
	rel := releaseOf(k, path, im.cfg.Release)
	src := k.source(path, rel)
	src.Imported = im.cfg.Clock.Now()

	// Decide from what is stored whether the file needs hashing before it
	// is read: only when a source of the same dataset exists can the import
	// turn out to be a no-op or need the older rows deleted first.
	stored, err := im.store.Sources(ctx)
	if err != nil {
		return res, fmt.Errorf("import %s: %w", path, err)
	}
	var same []entente.Source
	for _, s := range stored {
		if s.Dataset == src.Dataset {
			same = append(same, s)
		}
	}
	var sum string
	var toDelete []string
	if len(same) > 0 {
		sum, err = fileChecksum(path)
		if err != nil {
			return res, fmt.Errorf("import %s: %w", path, err)
		}
		for _, s := range same {
			if s.Checksum == sum {
				res.Status, res.Source = Unchanged, s
				res.Reason = "already imported as " + s.ID
				res.Elapsed = time.Since(start)
				return res, nil
			}
		}
		for _, s := range same {
			switch {
			case s.ID == src.ID:
				toDelete = append(toDelete, s.ID)
			case !k.partitioned:
				if compareRelease(rel, s.Release) < 0 {
					res.Status, res.Source = Skipped, s
					res.Reason = fmt.Sprintf("release %s is older than the stored release %s", rel, s.Release)
					res.Elapsed = time.Since(start)
					return res, nil
				}
				toDelete = append(toDelete, s.ID)
			}
		}
	}

	j := &job{
		ctx:  ctx,
		cfg:  &im.cfg,
		path: path,
		name: filepath.Base(path),
		src:  &src,
		maps: newMapper(im.cfg.Registry),
	}
	seen := sourcesOf(stored, src.Dataset)
	err = im.store.Update(ctx, func(tx entente.Tx) error {
		now, err := tx.Sources(ctx)
		if err != nil {
			return fmt.Errorf("import %s: %w", path, err)
		}
		if fmt.Sprint(sourcesOf(now, src.Dataset)) != fmt.Sprint(seen) {
			return errSourcesChanged
		}
		j.reset(tx)
		for _, id := range toDelete {
			if err := tx.DeleteSource(ctx, id); err != nil && !errors.Is(err, entente.ErrNotFound) {
				return fmt.Errorf("replace %s: %w", id, err)
			}
		}
		in, err := openInput(path, sum == "", im.cfg.Progress)
		if err != nil {
			return err
		}
		defer in.Close()
		if err := k.parse(j, in); err != nil {
			// The writer must be stopped before the transaction rolls
			// back. (A store error reaches the parser through its next
			// send, so err already says what went wrong.)
			j.waitWriter(true)
			return err
		}
		if err := j.flush(); err != nil {
			return err
		}
		if err := j.dropKnownEvents(); err != nil {
			return err
		}
		if d := in.dups.describe("rows"); d != "" {
			j.note("%s", d)
		}
		if d := j.eventIDs.describe("event ids"); d != "" {
			j.note("%s", d)
		}
		if err := im.checkShrink(j, same, toDelete); err != nil {
			return err
		}
		reportRows(im.cfg.Progress, j.rows)
		if sum == "" {
			if sum, err = in.Sum(); err != nil {
				return err
			}
		}
		src.Checksum = sum
		src.Rows = j.rows
		src.Coverage = j.cov.period()
		return tx.PutSource(ctx, src)
	})
	res.Elapsed = time.Since(start)
	var sup *supersededError
	if errors.As(err, &sup) {
		res.Status, res.Reason = Skipped, sup.reason
		return res, nil
	}
	if err != nil {
		return res, err
	}
	res.Status = Imported
	res.Source = src
	res.Stored = j.stored
	res.Unmapped = j.maps.tally
	res.Replaced = toDelete
	res.Notes = append(j.notes, lostRowNotes(im.cfg.Registry, j.maps.tally)...)
	return res, nil
}
