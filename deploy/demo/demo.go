// Package demo runs OC Pizza on one machine, as `make demo` does: a
// PostgreSQL and a NATS server when none is given, then the real
// ocpizza-paysim, ocpizza-central and ocpizza-edge binaries, one edge per
// pizzeria, each set up with its demo catalog, stock and accounts, and a
// demo customer on central. What it runs is listed
// in one place, plan.go: a setup step or a process is one entry there.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// Password is the password of every demo account. The demo is for trying
// the system on one machine, never for a real pizzeria.
const Password = "ocpizza-demo"

// Pizzeria is one of the demo's pizzerias.
type Pizzeria struct {
	ID, Name  string
	Postcodes []string
}

// Config says where the demo keeps its files and on which ports it runs.
type Config struct {
	VarDir string // databases, keys, logs; made when missing
	BinDir string // where ocpizza-central, ocpizza-edge and ocpizza-paysim are

	// DatabaseURL is central's PostgreSQL database; empty starts a private
	// PostgreSQL under VarDir. NATSURL is a NATS server with JetStream and
	// no authentication; empty runs one in process with a user per
	// pizzeria, as in production.
	DatabaseURL, NATSURL string

	Host        string // every service listens on this address
	CentralPort int
	EdgePort    int // the first pizzeria's; the next ones count up
	NATSPort    int
	PGPort      int
	PaysimPort  int // the payment provider simulator's

	Pizzerias []Pizzeria
	Progress  io.Writer // one line per stage
}

// Defaults returns the configuration of `make demo`: files under ./var,
// binaries in ./bin, ports that do not collide with a PostgreSQL or NATS
// server already running on their usual ports.
func Defaults() Config {
	return Config{
		VarDir: "var", BinDir: "bin",
		DatabaseURL: os.Getenv("DATABASE_URL"), NATSURL: os.Getenv("NATS_URL"),
		Host: "127.0.0.1", CentralPort: 8090, EdgePort: 8081, NATSPort: 4223, PGPort: 5433,
		PaysimPort: 8095,
		Pizzerias: []Pizzeria{
			{ID: "paris-11", Name: "OC Pizza Paris 11", Postcodes: []string{"75011", "75012"}},
			{ID: "lyon-2", Name: "OC Pizza Lyon 2", Postcodes: []string{"69002"}},
		},
		Progress: io.Discard,
	}
}

// Stack is a running demo.
type Stack struct {
	cfg     Config
	pg      *postgresServer
	nats    *natsServer
	dbURL   string
	natsURL string
	paysim  paysimSecrets
	planned []Process
	procs   []*running
	exited  chan *running
}

// Start sets the demo up and starts every process, and returns once each
// of them is ready. On failure it stops what it had started.
func Start(ctx context.Context, cfg Config) (*Stack, error) {
	s := &Stack{cfg: cfg, exited: make(chan *running, 16)}
	if err := s.start(ctx); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	return s, nil
}

func (s *Stack) start(ctx context.Context) error {
	// Absolute paths: the children run with their own working directory.
	for _, dir := range []*string{&s.cfg.VarDir, &s.cfg.BinDir} {
		abs, err := filepath.Abs(*dir)
		if err != nil {
			return err
		}
		*dir = abs
	}
	if err := os.MkdirAll(s.path("log"), 0o755); err != nil {
		return fmt.Errorf("var dir: %w", err)
	}

	// The servers the services need, given or started here.
	if err := s.startDatabase(ctx); err != nil {
		return err
	}
	if err := s.startNATS(); err != nil {
		return err
	}

	// The setup, then the services, each ready before the next.
	if err := s.loadPaysimSecrets(); err != nil {
		return err
	}
	steps, procs := s.plan()
	s.planned = procs
	for _, st := range steps {
		s.progress("setup: %s", st.Name)
		if err := st.run(ctx, s.childEnv(st.Env)); err != nil {
			return fmt.Errorf("setup %s: %w", st.Name, err)
		}
	}
	for _, p := range procs {
		if err := s.StartProcess(ctx, p.Name); err != nil {
			return err
		}
	}
	return nil
}

// StartProcess starts a process of the plan by its name, and waits until
// it is ready.
func (s *Stack) StartProcess(ctx context.Context, name string) error {
	i := slices.IndexFunc(s.planned, func(p Process) bool { return p.Name == name })
	if i < 0 {
		return fmt.Errorf("no process %q in the plan", name)
	}
	p := s.planned[i]
	s.progress("start: %s", p.Name)
	r, err := startProcess(p, s.childEnv(p.Env), s.path("log", p.Name+".log"), s.exited)
	if err != nil {
		return err
	}
	s.procs = append(s.procs, r)
	return r.waitReady(ctx)
}

// StopProcess stops a running process by its name; it returns an error
// unless the process exited cleanly.
func (s *Stack) StopProcess(name string) error {
	i := slices.IndexFunc(s.procs, func(r *running) bool { return r.p.Name == name })
	if i < 0 {
		return fmt.Errorf("process %q is not running", name)
	}
	r := s.procs[i]
	s.procs = slices.Delete(s.procs, i, i+1)
	s.progress("stop: %s", name)
	return r.stop()
}

// Links are the addresses of the processes, to print.
func (s *Stack) Links() []Link {
	var links []Link
	for _, p := range s.planned {
		links = append(links, p.Links...)
	}
	return links
}

// startDatabase starts the private PostgreSQL unless a URL is given.
func (s *Stack) startDatabase(ctx context.Context) error {
	if s.cfg.DatabaseURL != "" {
		s.dbURL = s.cfg.DatabaseURL
		return nil
	}
	s.progress("start: private PostgreSQL on %s:%d, data in %s", s.cfg.Host, s.cfg.PGPort, s.path("pg"))
	pg, err := startPostgres(ctx, s.path("pg"), s.cfg.Host, s.cfg.PGPort)
	if err != nil {
		return err
	}
	s.pg = pg
	s.dbURL, err = pg.ensureDatabase(ctx, "ocpizza")
	return err
}

// startNATS starts the in-process NATS server unless a URL is given.
func (s *Stack) startNATS() error {
	if s.cfg.NATSURL != "" {
		s.natsURL = s.cfg.NATSURL
		return nil
	}
	s.progress("start: NATS on %s:%d, JetStream in %s", s.cfg.Host, s.cfg.NATSPort, s.path("nats"))
	ids := make([]string, len(s.cfg.Pizzerias))
	for i, p := range s.cfg.Pizzerias {
		ids[i] = p.ID
	}
	n, err := startNATS(s.path("nats"), s.cfg.Host, s.cfg.NATSPort, ids)
	if err != nil {
		return err
	}
	s.nats, s.natsURL = n, n.url
	return nil
}

// Exited delivers the name of a process that stopped by itself.
func (s *Stack) Exited() <-chan *running { return s.exited }

// Stop stops the processes in the reverse order of their start, then the
// servers. It returns what went wrong: a process that did not exit cleanly.
func (s *Stack) Stop() error {
	var errs []error
	for i := len(s.procs) - 1; i >= 0; i-- {
		s.progress("stop: %s", s.procs[i].p.Name)
		errs = append(errs, s.procs[i].stop())
	}
	s.procs = nil
	if s.nats != nil {
		s.progress("stop: NATS")
		s.nats.stop()
		s.nats = nil
	}
	if s.pg != nil {
		s.progress("stop: PostgreSQL")
		errs = append(errs, s.pg.stop())
		s.pg = nil
	}
	return errors.Join(errs...)
}

// DatabaseURL is central's database.
func (s *Stack) DatabaseURL() string { return s.dbURL }

// NATSURL is the NATS server's client URL.
func (s *Stack) NATSURL() string { return s.natsURL }

// CentralURL is central's base URL.
func (s *Stack) CentralURL() string { return s.httpURL(s.cfg.CentralPort) }

// PaysimURL is the payment provider simulator's base URL.
func (s *Stack) PaysimURL() string { return s.httpURL(s.cfg.PaysimPort) }

// EdgeURL is the base URL of the i-th pizzeria's edge.
func (s *Stack) EdgeURL(i int) string { return s.httpURL(s.cfg.EdgePort + i) }

func (s *Stack) httpURL(port int) string {
	return "http://" + s.cfg.Host + ":" + strconv.Itoa(port)
}

// path names a file or directory under the var directory.
func (s *Stack) path(elem ...string) string {
	return filepath.Join(append([]string{s.cfg.VarDir}, elem...)...)
}

func (s *Stack) progress(format string, args ...any) {
	if s.cfg.Progress != nil {
		fmt.Fprintf(s.cfg.Progress, format+"\n", args...)
	}
}
