// Package natstest runs an in-process NATS server with JetStream for
// tests: on a random port, its store in the test's temporary directory,
// shut down when the test ends. A test can stop and restart it on the same
// port and store, to see what a NATS restart does to its clients.
package natstest

import (
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an in-process NATS server with JetStream.
type Server struct {
	*server.Server
	Port int
	dir  string
}

// New starts a server on a random port.
func New(tb testing.TB) *Server {
	tb.Helper()
	return NewOnPort(tb, -1)
}

// NewOnPort starts a server on port (-1 for a random one), for a test that
// points a client at an address before the server is up.
func NewOnPort(tb testing.TB, port int) *Server {
	tb.Helper()
	s := &Server{dir: tb.TempDir()}
	s.start(tb, port)
	tb.Cleanup(s.Stop)
	return s
}

// URL is the server's client URL.
func (s *Server) URL() string { return s.ClientURL() }

// Stop shuts the server down and waits until it is down.
func (s *Server) Stop() {
	s.Shutdown()
	s.WaitForShutdown()
}

// Restart stops the server and starts it again on the same port and store.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	s.Stop()
	s.start(tb, s.Port)
}

func (s *Server) start(tb testing.TB, port int) {
	tb.Helper()
	srv, err := server.NewServer(&server.Options{
		Host:      "127.0.0.1",
		Port:      port,
		JetStream: true,
		StoreDir:  s.dir,
		NoLog:     true,
		NoSigs:    true,
	})
	if err != nil {
		tb.Fatalf("natstest: %v", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		tb.Fatal("natstest: server not ready after 10s")
	}
	s.Server = srv
	s.Port = srv.Addr().(*net.TCPAddr).Port
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
