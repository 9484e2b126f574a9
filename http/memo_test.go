package http

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestMemo_Get(t *testing.T) {
	t.Run("concurrent askers share one computation", func(t *testing.T) {
		m := newMemo(8)
		var calls atomic.Int32
		release := make(chan struct{})
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, err := m.get("k", func() (any, error) {
					calls.Add(1)
					<-release
					return map[string]int{"n": 1}, nil
				})
				if err != nil || string(b) != `{"n":1}` {
					t.Errorf("get = %s, %v", b, err)
				}
			}()
		}
		close(release)
		wg.Wait()
		if n := calls.Load(); n != 1 {
			t.Errorf("computed %d times, want 1", n)
		}
	})
	t.Run("errors are not kept", func(t *testing.T) {
		m := newMemo(8)
		boom := errors.New("boom")
		if _, err := m.get("k", func() (any, error) { return nil, boom }); !errors.Is(err, boom) {
			t.Fatalf("err %v, want boom", err)
		}
		b, err := m.get("k", func() (any, error) { return 2, nil })
		if err != nil || string(b) != "2" {
			t.Errorf("after an error: %s, %v", b, err)
		}
	})
	t.Run("clear and the size bound forget answers", func(t *testing.T) {
		m := newMemo(2)
		n := 0
		count := func() (any, error) { n++; return n, nil }
		m.get("a", count)
		m.get("a", count)
		if n != 1 {
			t.Fatalf("computed %d times before clear, want 1", n)
		}
		m.clear()
		m.get("a", count)
		m.get("b", count)
		m.get("c", count) // over the bound: everything is dropped first
		m.get("a", count)
		if n != 5 {
			t.Errorf("computed %d times, want 5", n)
		}
	})
}
