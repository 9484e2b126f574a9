package nats

import (
	"testing"
)

// Test_freePorts checks that the ports of one cluster are distinct: each
// is held while the next is chosen.
func Test_freePorts(t *testing.T) {
	ports, err := freePorts(5)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ports {
		if p <= 0 || seen[p] {
			t.Fatalf("freePorts(5) = %v: want five distinct ports", ports)
		}
		seen[p] = true
	}
}

// TestErrorLog_Last checks that a server's last logged error reaches the
// message of a server that would not start, and that the rest is dropped.
func TestErrorLog_Last(t *testing.T) {
	tests := []struct {
		name string
		log  func(*errorLog)
		want string
	}{
		{"nothing logged", func(*errorLog) {}, ""},
		{"notices only", func(l *errorLog) { l.Noticef("starting %s", "x"); l.Warnf("slow") }, ""},
		{"last error kept", func(l *errorLog) {
			l.Errorf("first")
			l.Fatalf("Error listening on port: %s", "127.0.0.1:4248")
		}, ": Error listening on port: 127.0.0.1:4248"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &errorLog{}
			tt.log(l)
			if got := l.last(); got != tt.want {
				t.Errorf("last() = %q, want %q", got, tt.want)
			}
		})
	}
}
