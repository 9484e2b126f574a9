package nats

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"entente"

	"github.com/nats-io/nats-server/v2/server"
)

// ServerConfig describes an embedded NATS server with JetStream.
type ServerConfig struct {
	Name     string // server name, unique in a cluster
	Host     string // client listen host
	Port     int    // client port; -1 picks a free one
	StoreDir string // where JetStream keeps its files
	// A cluster needs a name, this server's route port and the route URLs
	// of the others (nats-route://host:port); none of them for one server.
	Cluster     string
	ClusterPort int
	Routes      []string
}

// DefaultServerConfig returns a single server on loopback at NATS's port.
func DefaultServerConfig(storeDir string) ServerConfig {
	return ServerConfig{Name: "entente", Host: "127.0.0.1", Port: 4222, StoreDir: storeDir}
}

// Validate reports the first setting that cannot work.
func (c ServerConfig) Validate() error {
	switch {
	case c.Name == "" || c.Host == "":
		return fmt.Errorf("nats server: name and host are required: %w", entente.ErrInvalid)
	case c.StoreDir == "":
		return fmt.Errorf("nats server: no store directory: %w", entente.ErrInvalid)
	case c.Cluster != "" && c.ClusterPort == 0:
		return fmt.Errorf("nats server: cluster %s without a route port: %w", c.Cluster, entente.ErrInvalid)
	}
	return nil
}

// Server is a running embedded server.
type Server struct {
	s *server.Server
}

// StartServer starts the server and waits until it accepts clients.
func StartServer(cfg ServerConfig) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	opts := &server.Options{
		ServerName: cfg.Name, Host: cfg.Host, Port: cfg.Port,
		JetStream: true, StoreDir: cfg.StoreDir,
		NoSigs: true, NoLog: true,
	}
	if cfg.Cluster != "" {
		opts.Cluster = server.ClusterOpts{Name: cfg.Cluster, Host: cfg.Host, Port: cfg.ClusterPort}
		for _, r := range cfg.Routes {
			u, err := url.Parse(r)
			if err != nil {
				return nil, fmt.Errorf("nats server: route %q: %w", r, err)
			}
			opts.Routes = append(opts.Routes, u)
		}
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	// The server logs nothing to the console (NoLog), but its errors are
	// kept: a listener that cannot bind is only ever reported there.
	errs := &errorLog{}
	s.SetLoggerV2(errs, false, false, false)
	go s.Start()
	if !s.ReadyForConnections(readyWait) {
		s.Shutdown()
		return nil, fmt.Errorf("nats server %s: not ready after %s%s", cfg.Name, readyWait, errs.last())
	}
	return &Server{s: s}, nil
}

// URL is the client URL of the server.
func (s *Server) URL() string {
	addr := s.s.Addr().(*net.TCPAddr)
	return "nats://" + net.JoinHostPort(addr.IP.String(), strconv.Itoa(addr.Port))
}

// Name is the server's name, as stream info reports leaders.
func (s *Server) Name() string { return s.s.Name() }

// StartCluster starts n servers on loopback as one JetStream cluster
// named name, each keeping its files in a directory of its own under dir.
// Client and route ports are chosen free at run time. The servers accept
// clients when it returns; the cluster elects its JetStream leader
// shortly after, which Connect waits out.
//
// A route port is free when it is chosen but bound only when its server
// starts, and another process may take it in between (tests of other
// packages run beside these); a cluster whose server cannot start is
// shut down and started again on new ports, in a directory of its own,
// up to clusterAttempts times.
func StartCluster(name string, n int, dir string) ([]*Server, error) {
	if n < 1 {
		return nil, fmt.Errorf("nats cluster: %d servers: %w", n, entente.ErrInvalid)
	}
	var last error
	for attempt := range clusterAttempts {
		base := dir
		if attempt > 0 {
			base = filepath.Join(dir, fmt.Sprintf("attempt-%d", attempt+1))
		}
		servers, err := startCluster(name, n, base)
		if err == nil {
			return servers, nil
		}
		last = err
	}
	return nil, fmt.Errorf("nats cluster %s: %d attempts: %w", name, clusterAttempts, last)
}

// clusterAttempts is how many times StartCluster tries a cluster.
const clusterAttempts = 3

// readyWait is how long a server may take to accept clients. A server
// starts JetStream, writing its files, before it listens; ten seconds
// once proved too few on a two-core machine running other packages'
// tests beside the cluster's (why was not recorded: the log was off).
const readyWait = 30 * time.Second

// startCluster is StartCluster's one attempt.
func startCluster(name string, n int, dir string) ([]*Server, error) {
	ports, err := freePorts(n)
	if err != nil {
		return nil, err
	}
	routes := make([]string, n)
	for i, p := range ports {
		routes[i] = "nats-route://127.0.0.1:" + strconv.Itoa(p)
	}
	var servers []*Server
	for i := range n {
		cfg := ServerConfig{
			Name: fmt.Sprintf("%s-%d", name, i+1), Host: "127.0.0.1", Port: -1,
			StoreDir: filepath.Join(dir, fmt.Sprintf("%s-%d", name, i+1)),
			Cluster:  name, ClusterPort: ports[i], Routes: routes,
		}
		s, err := StartServer(cfg)
		if err != nil {
			for _, s := range servers {
				s.Shutdown()
			}
			return nil, err
		}
		servers = append(servers, s)
	}
	return servers, nil
}

// freePorts asks the system for n loopback ports free at the moment,
// holding each until all are chosen so that no two are the same.
func freePorts(n int) ([]int, error) {
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("nats cluster: free port: %w", err)
		}
		defer ln.Close() // held until every port is chosen
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// errorLog is a server logger that keeps the last error the server
// logged and drops everything else.
type errorLog struct {
	mu  sync.Mutex
	err string
}

// last is the last error logged, as a suffix for an error message.
func (l *errorLog) last() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == "" {
		return ""
	}
	return ": " + l.err
}

func (l *errorLog) Errorf(format string, v ...any) {
	l.mu.Lock()
	l.err = fmt.Sprintf(format, v...)
	l.mu.Unlock()
}

func (l *errorLog) Fatalf(format string, v ...any) { l.Errorf(format, v...) }
func (*errorLog) Noticef(string, ...any)           {}
func (*errorLog) Warnf(string, ...any)             {}
func (*errorLog) Debugf(string, ...any)            {}
func (*errorLog) Tracef(string, ...any)            {}

// Running says whether the server still runs (false after Shutdown).
func (s *Server) Running() bool { return s.s.Running() }

// Shutdown stops the server and waits for it.
func (s *Server) Shutdown() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
}
