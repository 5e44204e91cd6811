// Package natstest runs an in-process NATS server with JetStream for the
// tests of every module: on a free port, its store in the test's temporary
// directory, shut down when the test ends. A test can stop it and start it
// again on the same port and store, to see what a NATS restart does to its
// clients, or point a client at it before it has started.
package natstest

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an in-process NATS server with JetStream. Server is nil while
// it is stopped.
type Server struct {
	*server.Server
	Port int
	dir  string
	tb   testing.TB
}

// New starts a server on a free port.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := Unstarted(tb)
	s.Start()
	return s
}

// NewOnPort starts a server on port, for a test that pointed a client at
// that address before the server was up.
func NewOnPort(tb testing.TB, port int) *Server {
	tb.Helper()
	s := &Server{Port: port, dir: tb.TempDir(), tb: tb}
	tb.Cleanup(s.Stop)
	s.Start()
	return s
}

// Unstarted returns a server on a free port, not started yet: its URL can
// be given to clients that must find no server at first.
func Unstarted(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{Port: FreePort(tb), dir: tb.TempDir(), tb: tb}
	tb.Cleanup(s.Stop)
	return s
}

// URL is the server's client URL, known even while it is stopped.
func (s *Server) URL() string { return "nats://127.0.0.1:" + strconv.Itoa(s.Port) }

// Start starts the server, again after a Stop, on its port and store.
func (s *Server) Start() {
	s.tb.Helper()
	srv, err := server.NewServer(&server.Options{
		Host:      "127.0.0.1",
		Port:      s.Port,
		JetStream: true,
		StoreDir:  s.dir,
		NoLog:     true,
		NoSigs:    true,
	})
	if err != nil {
		s.tb.Fatalf("natstest: %v", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		s.tb.Fatal("natstest: server not ready after 10s")
	}
	s.Server = srv
}

// Stop shuts the server down, keeping its store, and waits until it is
// down. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	if s.Server != nil {
		s.Shutdown()
		s.WaitForShutdown()
		s.Server = nil
	}
}

// Restart stops the server and starts it again on the same port and store.
func (s *Server) Restart() {
	s.tb.Helper()
	s.Stop()
	s.Start()
}

// FreePort returns a TCP port of 127.0.0.1 that nothing listens on now.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("natstest: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
