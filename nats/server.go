package nats

import (
	"fmt"
	"net"
	"net/url"
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

// Shutdown stops the server and waits for it.
func (s *Server) Shutdown() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
}
