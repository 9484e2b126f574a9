package http

import (
	"context"
	"errors"
	"fmt"
	nethttp "net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entente"
)

// Job is a long write (an import, an ingest) running in the background;
// clients poll GET /api/v1/jobs/{id} for its progress and result.
type Job struct {
	ID       string     `json:"id"`
	Kind     string     `json:"kind"`
	State    string     `json:"state"` // queued, running, done, failed
	Created  time.Time  `json:"created"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	// Progress counts what is done of Total in Unit (bytes for imports,
	// documents for ingests); File is what is being read now.
	Progress Progress `json:"progress"`
	Result   any      `json:"result,omitempty"`
	Error    *Problem `json:"error,omitempty"`
}

// Progress is a job's advance.
type Progress struct {
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
	Unit  string `json:"unit"`
	File  string `json:"file,omitempty"`
}

// jobs keeps the recent jobs and runs one write at a time: the store has
// one writer, and a queue is clearer to users than lock errors.
type jobs struct {
	mu     sync.Mutex
	byID   map[string]*Job
	order  []string
	keep   int
	now    func() time.Time
	seq    atomic.Int64
	writer sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// onWrite runs after every job, successful or not: a failed import
	// stores nothing, but a clear costs little and is certainly right.
	onWrite func()
}

func newJobs(keep int, now func() time.Time) *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &jobs{byID: map[string]*Job{}, keep: keep, now: now, ctx: ctx, cancel: cancel}
}

// start queues fn as a job and returns its first snapshot. fn reports
// progress through update, which holds the job lock.
func (j *jobs) start(kind, unit string, fn func(ctx context.Context, update func(func(*Progress))) (any, error)) Job {
	id := "job-" + strconv.FormatInt(j.seq.Add(1), 10)
	job := &Job{ID: id, Kind: kind, State: "queued", Created: j.now().UTC(), Progress: Progress{Unit: unit}}
	j.mu.Lock()
	j.byID[id] = job
	j.order = append(j.order, id)
	j.trimLocked()
	snapshot := *job
	j.mu.Unlock()
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		j.writer.Lock()
		defer j.writer.Unlock()
		j.set(job, func(jb *Job) { t := j.now().UTC(); jb.Started, jb.State = &t, "running" })
		res, err := j.run(fn, job)
		if j.onWrite != nil {
			j.onWrite()
		}
		j.set(job, func(jb *Job) {
			t := j.now().UTC()
			jb.Finished = &t
			if err != nil {
				p := problemOf(err)
				jb.State, jb.Error = "failed", &p
				return
			}
			jb.State, jb.Result = "done", res
		})
	}()
	return snapshot
}

// run calls fn, turning a panic into a failed job.
func (j *jobs) run(fn func(ctx context.Context, update func(func(*Progress))) (any, error), job *Job) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s: panic: %v", job.ID, p)
		}
	}()
	return fn(j.ctx, func(f func(*Progress)) { j.set(job, func(jb *Job) { f(&jb.Progress) }) })
}

func (j *jobs) set(job *Job, f func(*Job)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(job)
}

// trimLocked forgets the oldest finished jobs beyond the number kept.
func (j *jobs) trimLocked() {
	for len(j.order) > j.keep {
		dropped := false
		for i, id := range j.order {
			if s := j.byID[id].State; s == "done" || s == "failed" {
				delete(j.byID, id)
				j.order = append(j.order[:i], j.order[i+1:]...)
				dropped = true
				break
			}
		}
		if !dropped {
			return
		}
	}
}

func (j *jobs) get(id string) (Job, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	job, ok := j.byID[id]
	if !ok {
		return Job{}, false
	}
	return *job, true
}

func (j *jobs) list() []Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Job, 0, len(j.order))
	for i := len(j.order) - 1; i >= 0; i-- {
		out = append(out, *j.byID[j.order[i]])
	}
	return out
}

func (j *jobs) close() {
	j.cancel()
	j.wg.Wait()
}

func (s *Server) listJobs(w nethttp.ResponseWriter, r *nethttp.Request) error {
	return writeJSON(w, nethttp.StatusOK, s.jobs.list())
}

func (s *Server) getJob(w nethttp.ResponseWriter, r *nethttp.Request) error {
	job, ok := s.jobs.get(r.PathValue("id"))
	if !ok {
		return fmt.Errorf("job %q: %w", r.PathValue("id"), entente.ErrNotFound)
	}
	return writeJSON(w, nethttp.StatusOK, job)
}

// startIngest reads the text or URL now (so that bad input is answered at
// once) and stores it in a job.
func (s *Server) startIngest(w nethttp.ResponseWriter, r *nethttp.Request) error {
	if s.svc.Ingester == nil {
		return fmt.Errorf("ingestion is not wired: %w", entente.ErrUnsupported)
	}
	docs, err := s.readDocuments(r)
	if err != nil {
		return err
	}
	job := s.jobs.start("ingest", "documents", func(ctx context.Context, update func(func(*Progress))) (any, error) {
		update(func(p *Progress) { p.Total = int64(len(docs)) })
		rep, err := s.svc.Ingester.Ingest(ctx, docs)
		if err != nil {
			return nil, err
		}
		update(func(p *Progress) { p.Done = int64(len(docs)) })
		return rep, nil
	})
	w.Header().Set("Location", "/api/v1/jobs/"+job.ID)
	return writeJSON(w, nethttp.StatusAccepted, job)
}

// importRequest names files or folders relative to the server's data
// folder, and optionally the kind (see entente import).
type importRequest struct {
	Kind  string   `json:"kind"`
	Paths []string `json:"paths"`
}

// dataPath resolves a requested path inside the data folder, refusing
// absolute paths, "..", and symbolic links that lead outside.
func dataPath(root, rel string) (string, error) {
	rel = filepath.FromSlash(strings.TrimSpace(rel))
	if rel == "" {
		rel = "."
	}
	if !filepath.IsLocal(rel) && rel != "." {
		return "", badParam("paths", fmt.Errorf("%q: want a path inside the data folder, without ..", rel))
	}
	rootReal, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", fmt.Errorf("data folder: %w", err)
	}
	p, err := filepath.EvalSymlinks(filepath.Join(rootReal, rel))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", badParam("paths", fmt.Errorf("%q: no such file in the data folder: %w", rel, entente.ErrNotFound))
		}
		return "", fmt.Errorf("resolve %q: %w", rel, err)
	}
	if p != rootReal && !strings.HasPrefix(p, rootReal+string(filepath.Separator)) {
		return "", badParam("paths", fmt.Errorf("%q leads outside the data folder", rel))
	}
	return p, nil
}

func (s *Server) startImport(w nethttp.ResponseWriter, r *nethttp.Request) error {
	if s.svc.NewImporter == nil || s.cfg.DataDir == "" {
		return fmt.Errorf("imports over HTTP are off: start entente serve with --data-dir: %w", entente.ErrUnsupported)
	}
	var req importRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if len(req.Paths) == 0 {
		return badParam("paths", errors.New("empty: name files or folders inside the data folder"))
	}
	paths := make([]string, 0, len(req.Paths))
	for _, rel := range req.Paths {
		p, err := dataPath(s.cfg.DataDir, rel)
		if err != nil {
			return err
		}
		paths = append(paths, p)
	}
	job := s.jobs.start("import", "bytes", func(ctx context.Context, update func(func(*Progress))) (any, error) {
		im, err := s.svc.NewImporter(&jobProgress{update: update})
		if err != nil {
			return nil, err
		}
		rep, err := im.Import(ctx, req.Kind, paths...)
		if err != nil {
			return rep, err
		}
		sort.SliceStable(rep.Files, func(i, k int) bool { return rep.Files[i].Path < rep.Files[k].Path })
		return rep, nil
	})
	w.Header().Set("Location", "/api/v1/jobs/"+job.ID)
	return writeJSON(w, nethttp.StatusAccepted, job)
}

// jobProgress is the importer's progress display for a job.
type jobProgress struct {
	update func(func(*Progress))
}

func (p *jobProgress) Start(file string, size int64) {
	p.update(func(pr *Progress) { pr.File, pr.Total = filepath.Base(file), pr.Total+size })
}
func (p *jobProgress) Add(n int64) { p.update(func(pr *Progress) { pr.Done += n }) }
func (p *jobProgress) Finish()     {}
