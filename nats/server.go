package nats

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
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
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("nats server %s: not ready after 10 s", cfg.Name)
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
func StartCluster(name string, n int, dir string) ([]*Server, error) {
	if n < 1 {
		return nil, fmt.Errorf("nats cluster: %d servers: %w", n, entente.ErrInvalid)
	}
	ports := make([]int, n)
	routes := make([]string, n)
	for i := range ports {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		ports[i] = p
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

// freePort asks the system for a loopback port free at the moment. The
// server binds it a moment later; nothing else on a test machine is
// expected to take it in between.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("nats cluster: free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Running says whether the server still runs (false after Shutdown).
func (s *Server) Running() bool { return s.s.Running() }

// Shutdown stops the server and waits for it.
func (s *Server) Shutdown() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
}
