package http

import (
	"fmt"
	"net"
	"time"

	"entente"
)

// Config tunes the server. Start from DefaultConfig; Validate rejects what
// cannot work before the listener opens.
type Config struct {
	// Addr is the listening address. The default is loopback only: the
	// store is the analyst's, not the network's.
	Addr string
	// Token, when set, is the bearer token writes must present. Without
	// one every write is refused with 403: reads stay open.
	Token string
	// AllowPrivate lets URL ingestion fetch private, link-local and
	// loopback addresses (off by default, so a page cannot make the server
	// probe the analyst's own network).
	AllowPrivate bool
	// DataDir is the only folder import jobs may read from; empty disables
	// imports over HTTP. Requests name files relative to it.
	DataDir string
	// MaxBody bounds a request body in bytes.
	MaxBody int64
	// ReadHeaderTimeout, ReadTimeout and IdleTimeout bound slow clients.
	ReadHeaderTimeout, ReadTimeout, IdleTimeout time.Duration
	// RequestTimeout bounds one handler; fitting a coalition model for a
	// new as-of day takes a few minutes on a busy machine, so it is long.
	// WriteTimeout must exceed it.
	RequestTimeout, WriteTimeout time.Duration
	// PageSize is the default page of listings and MaxPageSize its bound.
	PageSize, MaxPageSize int
	// KeptJobs is how many finished jobs the server remembers.
	KeptJobs int
	// MemoEntries bounds the answers of costly reads kept until the next
	// write (see memo.go).
	MemoEntries int
}

// DefaultConfig returns the settings `entente serve` starts from.
func DefaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		MaxBody:           4 << 20,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		RequestTimeout:    6 * time.Minute,
		WriteTimeout:      7 * time.Minute,
		PageSize:          100,
		MaxPageSize:       1000,
		KeptJobs:          100,
		MemoEntries:       512,
	}
}

// Validate reports settings that cannot work, wrapping entente.ErrInvalid.
func (c Config) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("serve config: "+format+": %w", append(a, entente.ErrInvalid)...)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return bad("address %q: %v", c.Addr, err)
	}
	switch {
	case c.MaxBody <= 0:
		return bad("max body %d: want > 0", c.MaxBody)
	case c.ReadHeaderTimeout <= 0 || c.ReadTimeout <= 0 || c.IdleTimeout <= 0:
		return bad("timeouts must be positive")
	case c.RequestTimeout <= 0 || c.WriteTimeout <= c.RequestTimeout:
		return bad("write timeout %v must exceed request timeout %v", c.WriteTimeout, c.RequestTimeout)
	case c.PageSize <= 0 || c.MaxPageSize < c.PageSize:
		return bad("page size %d, max %d", c.PageSize, c.MaxPageSize)
	case c.KeptJobs <= 0:
		return bad("kept jobs %d: want > 0", c.KeptJobs)
	case c.MemoEntries <= 0:
		return bad("memo entries %d: want > 0", c.MemoEntries)
	}
	return nil
}

// Loopback reports whether the address only listens on this machine.
func (c Config) Loopback() bool {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
