package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// binDir holds the binaries built once for every test of the package.
var binDir string

func TestMain(m *testing.M) {
	code, err := buildAndRun(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

// buildAndRun builds ocpizza-central, ocpizza-paysim and ocpizza-edge from
// their modules,
// as `make build` does, then runs the tests. OCPIZZA_DEMO_BIN names a
// directory of binaries built already, to use instead.
func buildAndRun(m *testing.M) (int, error) {
	if dir := os.Getenv("OCPIZZA_DEMO_BIN"); dir != "" {
		binDir = dir
		return m.Run(), nil
	}
	dir, err := os.MkdirTemp("", "ocpizza-demo-bin-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	for module, pkgs := range map[string][]string{
		"../../central": {"./cmd/ocpizza-central", "./cmd/ocpizza-paysim"},
		"../../edge":    {"./cmd/ocpizza-edge"},
	} {
		cmd := exec.Command("go", append([]string{"build", "-o", dir}, pkgs...)...)
		cmd.Dir = module
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("build %s: %w\n%s", module, err, out)
		}
	}
	binDir = dir
	return m.Run(), nil
}

// testConfig is a demo under a temporary directory, on free ports.
func testConfig(t *testing.T) Config {
	t.Helper()
	cfg := Defaults()
	cfg.VarDir, cfg.BinDir = filepath.Join(readableTempDir(t), "var"), binDir
	cfg.DatabaseURL, cfg.NATSURL = "", ""
	cfg.CentralPort, cfg.NATSPort, cfg.PGPort = freePort(t), freePort(t), freePort(t)
	cfg.PaysimPort = freePort(t)
	cfg.EdgePort = freePortPair(t)
	if testing.Verbose() {
		cfg.Progress = os.Stdout
	}
	return cfg
}

// readableTempDir is a temporary directory that other users may enter:
// under root, the private PostgreSQL runs as the postgres user.
func readableTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// freePort is a port of 127.0.0.1 that nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// freePortPair is a free port whose next port is free too, for the two
// pizzerias.
func freePortPair(t *testing.T) int {
	t.Helper()
	for range 20 {
		p := freePort(t)
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+1)); err == nil {
			l.Close()
			return p
		}
	}
	t.Fatal("no two consecutive free ports")
	return 0
}

// client calls a service's JSON API with a session token.
type client struct {
	t     testing.TB
	base  string
	token string
}

// login opens a staff session on a service.
func login(t testing.TB, base, username string) *client {
	t.Helper()
	return loginAs(t, base, map[string]string{"username": username, "password": Password})
}

// loginAs opens a session with the given credentials: a username, or a
// customer's email.
func loginAs(t testing.TB, base string, credentials map[string]string) *client {
	t.Helper()
	c := &client{t: t, base: base}
	var session struct{ Token string }
	c.call("POST", "/api/v1/sessions", credentials, http.StatusCreated, &session)
	c.token = session.Token
	return c
}

// call sends a request and decodes the answer, failing the test on
// another status than want.
func (c *client) call(method, path string, body any, want int, out any) {
	c.t.Helper()
	if err := c.try(method, path, body, want, out); err != nil {
		c.t.Fatal(err)
	}
}

// try is call that returns the failure instead, for polling.
func (c *client) try(method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// waitFor polls check until it returns nil, failing the test after limit.
func waitFor(t testing.TB, limit time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after %s: %v", what, limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// orderBody is a counter order of n margheritas.
func orderBody(n int) map[string]any {
	return map[string]any{
		"channel": "counter", "fulfilment": "pickup", "payment_method": "cash",
		"customer": map[string]string{"name": "Client démo", "phone": "0611223344"},
		"lines":    []map[string]any{{"product_id": "margherita", "quantity": n}},
	}
}

// syncStatus is an edge's GET /api/v1/sync.
type syncStatus struct {
	Online           bool   `json:"online"`
	Epoch            string `json:"epoch"`
	LastSeq          int64  `json:"last_seq"`
	LastConfirmedSeq int64  `json:"last_confirmed_seq"`
	Backlog          int64  `json:"backlog"`
}

// branch is one pizzeria in central's GET /api/v1/branches.
type branch struct {
	ID      string `json:"id"`
	Online  bool   `json:"online"`
	Epoch   string `json:"epoch"`
	LastSeq int64  `json:"last_seq"`
}

// branchOf returns central's view of a pizzeria.
func (c *client) branchOf(id string) (*branch, error) {
	var branches []branch
	if err := c.try("GET", "/api/v1/branches", nil, http.StatusOK, &branches); err != nil {
		return nil, err
	}
	for _, b := range branches {
		if b.ID == id {
			return &b, nil
		}
	}
	return nil, fmt.Errorf("no branch %s at central", id)
}
