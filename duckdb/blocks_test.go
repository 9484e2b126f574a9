package duckdb

import "testing"

// TestBlocks_Join gives the rows back in the order they were added, across
// block boundaries, and nil for none (as the append it replaced did).
func TestBlocks_Join(t *testing.T) {
	for _, n := range []int{0, 1, blockRows - 1, blockRows, blockRows + 1, 3*blockRows + 17} {
		var b blocks[int]
		for i := 0; i < n; i++ {
			b.add(i)
		}
		got := b.join()
		if n == 0 {
			if got != nil {
				t.Errorf("no rows: got %v, want nil", got)
			}
			continue
		}
		if len(got) != n {
			t.Fatalf("%d rows: joined %d", n, len(got))
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("%d rows: row %d is %d", n, i, v)
			}
		}
	}
}
