package duckdb_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/duckdb"
)

// TestMain lets the test binary play a second process holding the store,
// for the lock tests: DuckDB's file lock is per process.
func TestMain(m *testing.M) {
	if path := os.Getenv("ENTENTE_TEST_HOLD_STORE"); path != "" {
		holdStore(path)
		return
	}
	os.Exit(m.Run())
}

// holdStore opens the store for writing, says "ready" and keeps it open
// until its standard input closes.
func holdStore(path string) {
	ro := os.Getenv("ENTENTE_TEST_HOLD_READONLY") == "1"
	s, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1, ReadOnly: ro})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	s.Close()
}

func day(y int, m time.Month, d int) time.Time { return entente.Day(y, m, d) }

func testSource(id string) entente.Source {
	return entente.Source{ID: id, Dataset: "test", Release: "1", Title: "t", Publisher: "p", Licence: "CC0",
		Citation: "c", File: "t.csv", Checksum: "sum-" + id, Rows: 2, Imported: day(2026, 1, 2)}
}

func writeVotes(t *testing.T, s *duckdb.Store, src string) {
	t.Helper()
	ev := entente.Evidence{Source: src, File: "t.csv", Line: 2}
	err := s.Update(context.Background(), func(tx entente.Tx) error {
		ctx := context.Background()
		if err := tx.PutSource(ctx, testSource(src)); err != nil {
			return err
		}
		if err := tx.AppendRollCalls(ctx, []entente.RollCall{{ID: "unga:" + src, Session: 68, Date: day(2014, 3, 27), Evidence: ev}}); err != nil {
			return err
		}
		return tx.AppendVotes(ctx, []entente.Vote{
			{RollCall: "unga:" + src, Country: "USA", Choice: entente.VoteYes, Evidence: ev},
			{RollCall: "unga:" + src, Country: "RUS", Choice: entente.VoteNo, Evidence: ev},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, s *duckdb.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStore_OpenRepairsInterruptedWrites reproduces what DuckDB 1.5.x
// leaves after replaying a write-ahead log cut short inside COMMIT (issue
// 18, item 1): rows without their source row, a source whose counts were
// never recorded, and the rows of a replacement beside those of the release
// it replaced. Opening the store must remove them and keep healthy sources.
func TestStore_OpenRepairsInterruptedWrites(t *testing.T) {
	cases := []struct {
		name   string
		damage []string // SQL run on a store holding sources "good" and "hit"
		gone   bool     // whether source "hit" must be gone after reopening
	}{
		{"rows without a source row", []string{
			`INSERT INTO votes VALUES ('unga:x', 'CHN', 'yes', 'ghost', 'g.csv', 3)`,
			`INSERT INTO events (id, date, src_code, src_country, src_text, tgt_code, tgt_country, tgt_text, cameo, plover, goldstein, negated, modality, quantities, confidence, mentions, tone, ev_source, ev_file, ev_line, ev_document, ev_start, ev_end, ev_text)
			 VALUES ('gdelt:1', DATE '2018-01-01', 'USA', 'USA', '', 'CHN', 'CHN', '', '042', '', 1.9, false, '', '[]', 1, 1, 0, 'ghost', 'g.csv', 1, '', 0, 0, '')`,
		}, false},
		{"old rows beside the new ones", []string{
			`INSERT INTO votes VALUES ('unga:old', 'CHN', 'yes', 'hit', 't.csv', 9)`,
		}, true},
		{"rows deleted but source kept", []string{
			`DELETE FROM votes WHERE ev_source = 'hit' AND country = 'RUS'`,
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.duckdb")
			s, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1})
			if err != nil {
				t.Fatal(err)
			}
			writeVotes(t, s, "good")
			writeVotes(t, s, "hit")
			for _, q := range c.damage {
				if _, err := s.DB().Exec(q); err != nil {
					t.Fatalf("damage: %v", err)
				}
			}
			s.Close()

			s, err = duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if n := count(t, s, `SELECT count(*) FROM votes WHERE ev_source = 'ghost'`) + count(t, s, `SELECT count(*) FROM events`); n != 0 {
				t.Errorf("%d rows without a source survived reopening", n)
			}
			if n := count(t, s, `SELECT count(*) FROM votes WHERE ev_source = 'good'`); n != 2 {
				t.Errorf("healthy source has %d votes after reopening, want 2", n)
			}
			hit := count(t, s, `SELECT count(*) FROM sources WHERE id = 'hit'`)
			hitVotes := count(t, s, `SELECT count(*) FROM votes WHERE ev_source = 'hit'`)
			switch {
			case c.gone && (hit != 0 || hitVotes != 0):
				t.Errorf("damaged source kept: %d source rows, %d votes; want it wholly absent", hit, hitVotes)
			case !c.gone && (hit != 1 || hitVotes != 2):
				t.Errorf("source 'hit' has %d source rows, %d votes; want 1 and 2", hit, hitVotes)
			}
			if len(s.Repaired()) == 0 {
				t.Error("Repaired() is empty, want the removed source listed")
			}
		})
	}
}

// TestStore_OpenRemovesSourceWithoutCounts covers a crash after the
// source row reached the log but before its counts did.
func TestStore_OpenRemovesSourceWithoutCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.duckdb")
	s, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	writeVotes(t, s, "hit")
	if _, err := s.DB().Exec(`UPDATE sources SET counts = NULL WHERE id = 'hit'`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := count(t, s, `SELECT count(*) FROM sources`) + count(t, s, `SELECT count(*) FROM votes`); n != 0 {
		t.Errorf("%d rows of an unfinished write survived a read-only open", n)
	}
}

func TestStore_ReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.duckdb")
	s, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1, ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a new store: %v", err)
	}
	err = s.Update(context.Background(), func(tx entente.Tx) error { return nil })
	if !errors.Is(err, entente.ErrInvalid) {
		t.Errorf("Update on a read-only store = %v, want ErrInvalid", err)
	}
	s.Close()
	w, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	writeVotes(t, w, "a")
	w.Close()
	r1, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	if n := count(t, r1, `SELECT count(*) FROM votes`); n != 2 {
		t.Errorf("read-only store has %d votes, want 2", n)
	}
}

// startHolder runs a second process that holds the store open for writing.
func startHolder(t *testing.T, path string, readOnly bool) (pid int, release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ENTENTE_TEST_HOLD_STORE="+path)
	if readOnly {
		cmd.Env = append(cmd.Env, "ENTENTE_TEST_HOLD_READONLY=1")
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("holder process: %q", line)
	}
	return cmd.Process.Pid, func() {
		stdin.Close()
		cmd.Wait()
	}
}

// TestOpen_Locked: a second process gets a message naming the holder's pid
// instead of DuckDB's raw "Could not set lock" error (issue 15, item 2), and
// --wait turns the refusal into waiting.
func TestOpen_Locked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.duckdb")
	s, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	pid, release := startHolder(t, path, false)
	for _, ro := range []bool{false, true} {
		_, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1, ReadOnly: ro})
		var le *duckdb.LockedError
		if !errors.As(err, &le) {
			release()
			t.Fatalf("open (read-only %v) while held = %v, want *LockedError", ro, err)
		}
		if le.PID != pid || !errors.Is(err, entente.ErrConflict) {
			t.Errorf("LockedError = %+v (%v), want pid %d and ErrConflict", le, err, pid)
		}
		want := fmt.Sprintf("being written by another entente process (pid %d)", pid)
		if got := err.Error(); !strings.Contains(got, want) {
			t.Errorf("message %q does not say %q", got, want)
		}
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		release()
	}()
	s, err = duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1, Wait: 20 * time.Second})
	if err != nil {
		t.Fatalf("open with --wait after the holder exits: %v", err)
	}
	s.Close()
}

// TestOpen_ReadersShare: a read-only open succeeds while another process
// reads the store, where two writable opens exclude each other.
func TestOpen_ReadersShare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.duckdb")
	s, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	writeVotes(t, s, "a")
	s.Close()
	_, release := startHolder(t, path, true)
	defer release()
	r, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1, ReadOnly: true})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	if n := count(t, r, `SELECT count(*) FROM votes`); n != 2 {
		t.Errorf("reader sees %d votes, want 2", n)
	}
	r.Close()
	var le *duckdb.LockedError
	if _, err := duckdb.Open(context.Background(), duckdb.Config{Path: path, Threads: 1}); !errors.As(err, &le) {
		t.Errorf("a writer beside a reader of another process: %v, want *LockedError", err)
	}
}

// TestStore_LockOnWrite: a store opened with LockOnWrite holds only a
// read lock between writes, so another process can read it (issue 15,
// item 3: a write command lets readers in while it parses or fits); its
// Update takes the write lock for the transaction alone, and the rows it
// wrote are read back through the reopened handle.
func TestStore_LockOnWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.duckdb")
	s, err := duckdb.Open(ctx, duckdb.Config{Path: path, Threads: 1, LockOnWrite: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v == 0 {
		t.Fatalf("a new store opened with LockOnWrite is not migrated: version %d, %v", v, err)
	}
	writeVotes(t, s, "a")
	if n := count(t, s, `SELECT count(*) FROM votes`); n != 2 {
		t.Fatalf("after the first write the store reads %d votes, want 2", n)
	}
	// Another process reads the store while this one holds it between
	// writes: with the write lock held from open to close it could not.
	_, release := startHolder(t, path, true)
	released := make(chan struct{})
	go func() {
		// The holder reads for a moment; the Update below waits for it
		// instead of failing.
		time.Sleep(500 * time.Millisecond)
		release()
		close(released)
	}()
	writeVotes(t, s, "b")
	<-released
	if n := count(t, s, `SELECT count(*) FROM votes`); n != 4 {
		t.Errorf("after the second write the store reads %d votes, want 4", n)
	}
	// A write that fails leaves the store readable and unchanged.
	boom := errors.New("boom")
	if err := s.Update(ctx, func(tx entente.Tx) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("failed update = %v, want boom", err)
	}
	if n := count(t, s, `SELECT count(*) FROM votes`); n != 4 {
		t.Errorf("after a failed write the store reads %d votes, want 4", n)
	}
}
