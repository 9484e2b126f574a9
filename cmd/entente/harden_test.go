package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente/internal/shared"
)

// TestMain_ImportKindBesideFolder: `import KIND PATH` reads KIND as the
// kind even when a folder of that name sits in the working directory
// (issue 18, item 5); alone, a name that is a folder is the folder.
func TestMain_ImportKindBesideFolder(t *testing.T) {
	fixture, err := filepath.Abs(importerFixture("nmc", "cow_nmc.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	os.Mkdir("cow-nmc", 0o755)
	os.WriteFile(filepath.Join("cow-nmc", "notes.txt"), []byte("not data\n"), 0o644)
	db := filepath.Join(dir, "t.duckdb")
	out, errs, code := run(t, db, "import", "cow-nmc", fixture)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "notes.txt") || !strings.Contains(out, "cow-nmc") {
		t.Errorf("the folder cow-nmc was read as a path:\n%s", out)
	}
	out, errs, code = run(t, db, "import", "cow-nmc")
	if code != 0 || !strings.Contains(out, "notes.txt") {
		t.Errorf("import of the folder alone: exit %d\n%s%s", code, out, errs)
	}
}

// holdsFile reports whether process pid has path open, from /proc.
func holdsFile(pid int, path string) bool {
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return false
	}
	for _, fd := range fds {
		if l, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name())); err == nil && l == path {
			return true
		}
	}
	return false
}

// readsDuring starts `entente ARGS...` on db and runs `sources` in other
// processes again and again while it has the store open. It counts the
// reads that began and ended while the command ran: those that succeeded
// and those refused because the command held the write lock.
func readsDuring(t *testing.T, db string, args ...string) (reads, locked int) {
	t.Helper()
	cmd := ententeCmd(db, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	running := func() bool {
		select {
		case err := <-done:
			done <- err
			return false
		default:
			return true
		}
	}
	for running() {
		if !holdsFile(cmd.Process.Pid, db) {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		b, err := ententeCmd(db, "sources").CombinedOutput()
		if !running() {
			break
		}
		switch {
		case err == nil:
			reads++
		case strings.Contains(string(b), "being written by another entente process"):
			locked++
		default:
			t.Fatalf("sources during %s: %v\n%s", args[0], err, b)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return reads, locked
}

// TestMain_ReadWhileFitting: while `predict` fits its model (it holds the
// store open, read-only, and takes the write lock only to save the model),
// `sources` in another process succeeds instead of failing with "being
// written by another entente process" (issue 15, item 3). Before, the write
// lock was held from open to close and every such read failed.
func TestMain_ReadWhileFitting(t *testing.T) {
	// Half a minute of fitting on this machine: make slow.
	shared.Slow(t)
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc to see when predict has the store open")
	}
	db := worldDB(t)
	reads, locked := readsDuring(t, db, "predict", "--motion", worldMotion, "--format", "csv")
	t.Logf("sources while predict ran: %d succeeded, %d found the write lock", reads, locked)
	if reads == 0 {
		t.Errorf("no read succeeded while predict held the store (%d found it locked)", locked)
	}
}

// TestMain_PredictFutureDates: a motion dated more than a year after the
// store's clock's today (2026-11-26 in tests) is refused with its file,
// line and field, and so is --asof past that day (issue 15, item 5); a
// motion within the year is read. Nothing is fitted: the checks come first.
func TestMain_PredictFutureDates(t *testing.T) {
	body, err := os.ReadFile(worldMotion)
	if err != nil {
		t.Fatal(err)
	}
	motion := func(date string) string {
		p := filepath.Join(t.TempDir(), "m.yaml")
		os.WriteFile(p, []byte(strings.Replace(string(body), "date: 2017-03-01", "date: "+date, 1)), 0o644)
		return p
	}
	far := motion("2052-03-01")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"motion decades ahead", []string{"predict", "--motion", far}, 1, far + ":5: field date: 2052-03-01 is more than a year after today (2026-11-26)"},
		{"motion a day past the margin", []string{"predict", "--motion", motion("2027-11-28")}, 1, "field date: 2027-11-28 is more than a year after today"},
		{"asof decades ahead", []string{"predict", "--motion", worldMotion, "--asof", "2052-01-01"}, 2, "--asof 2052-01-01 is more than a year after today (2026-11-26)"},
	}
	db := filepath.Join(t.TempDir(), "empty.duckdb")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := run(t, db, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, want %d; stderr %q does not say %q", code, tt.code, errOut, tt.want)
			}
		})
	}
	// Within the margin the motion is read; the empty store then has no
	// roll calls to fit on, which is a different message.
	_, errOut, _ := run(t, db, "predict", "--motion", motion("2027-06-01"))
	if strings.Contains(errOut, "after today") {
		t.Errorf("a motion dated within a year was refused: %s", errOut)
	}
}
