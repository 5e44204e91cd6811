// Package deploytest_test checks the NATS configuration of deploy/nats
// against a real server: nats-server 2.15 in process, loaded from the
// configuration files themselves, and the machine's own nats-server binary
// when there is one. It lives in the syncproto module because deploy/ is
// not a Go module, and in a package of its own so that syncproto does not
// depend on nats-server.
package deploytest_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/ocpizza/ocpizza/syncproto"
)

// configDir is deploy/nats, seen from this package's directory.
const configDir = "../../deploy/nats"

// Paths of the production host that the tests replace with their own.
const (
	tlsDir   = "/etc/nats/tls/"
	storeDir = `store_dir: "/var/lib/nats"`
)

// installedServer is the nats-server of Debian's package, 2.9 on this
// machine's distribution.
const installedServer = "/usr/sbin/nats-server"

// Pizzerias of the example configuration, and the name used for central's
// user in the maps below.
const (
	paris   = "paris-11"
	lyon    = "lyon-2"
	central = "central"
)

// waitTimeout bounds every wait for something asynchronous.
const waitTimeout = 10 * time.Second

// checkFor calls f every few milliseconds until it returns nil, and fails
// the test with f's last error when timeout has passed.
func checkFor(tb testing.TB, timeout time.Duration, f func() error) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("after %v: %v", timeout, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// configCopy is a copy of the configuration of deploy/nats, as written
// but for the host's paths and the users' keys, in a temporary directory.
type configCopy struct {
	dir   string
	conf  string            // nats-server.conf
	cert  string            // the self-signed certificate of the server
	seeds map[string]string // user (central or pizzeria id) -> seed file
}

// copyConfig copies the .conf files of deploy/nats into a temporary
// directory, with the TLS paths pointing to a fresh self-signed
// certificate, the store directory in the temporary directory, and each
// user's public key replaced with one whose seed the test holds (the seeds
// of the committed keys are not in the repository).
func copyConfig(tb testing.TB) *configCopy {
	tb.Helper()
	cp := &configCopy{dir: tb.TempDir(), seeds: map[string]string{}}
	cp.conf = filepath.Join(cp.dir, "nats-server.conf")
	cp.cert = writeCertificate(tb, cp.dir)

	// Copy the files with the host's paths replaced.
	files, err := filepath.Glob(filepath.Join(configDir, "*.conf"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no configuration in %s: %v", configDir, err)
	}
	texts := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		text := strings.ReplaceAll(string(data), tlsDir, cp.dir+"/")
		text = strings.ReplaceAll(text, storeDir, fmt.Sprintf("store_dir: %q", cp.dir))
		texts[filepath.Join(cp.dir, filepath.Base(f))] = text
	}
	writeFiles(tb, texts)

	// Replace every user's key with a new one.
	opts, err := server.ProcessConfigFile(cp.conf)
	if err != nil {
		tb.Fatalf("load deploy/nats: %v", err)
	}
	for _, u := range opts.Nkeys {
		name, err := userOf(u)
		if err != nil {
			tb.Fatal(err)
		}
		pub, seed := newUserKey(tb)
		cp.seeds[name] = filepath.Join(cp.dir, name+".nk")
		writeFiles(tb, map[string]string{cp.seeds[name]: seed + "\n"})
		replaced := 0
		for path, text := range texts {
			replaced += strings.Count(text, u.Nkey)
			texts[path] = strings.ReplaceAll(text, u.Nkey, pub)
		}
		if replaced != 1 {
			tb.Fatalf("key of %s written %d times in deploy/nats, want once", name, replaced)
		}
	}
	writeFiles(tb, texts)
	return cp
}

func writeFiles(tb testing.TB, files map[string]string) {
	tb.Helper()
	for path, text := range files {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
}

// newUserKey returns a new user nkey: its public key and its seed.
func newUserKey(tb testing.TB) (pub, seed string) {
	tb.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		tb.Fatal(err)
	}
	p, err := kp.PublicKey()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := kp.Seed()
	if err != nil {
		tb.Fatal(err)
	}
	return p, string(s)
}

// writeCertificate writes server.crt and server.key, a self-signed
// certificate for localhost, into dir and returns the certificate's path.
func writeCertificate(tb testing.TB, dir string) string {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	cert := filepath.Join(dir, "server.crt")
	writeFiles(tb, map[string]string{
		cert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		filepath.Join(dir, "server.key"): string(pem.EncodeToMemory(
			&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})),
	})
	return cert
}

// loadConfig reads the configuration of deploy/nats as nats-server does.
func loadConfig(tb testing.TB) *server.Options {
	tb.Helper()
	opts, err := server.ProcessConfigFile(copyConfig(tb).conf)
	if err != nil {
		tb.Fatalf("load deploy/nats: %v", err)
	}
	return opts
}

// userOf names the user an nkey entry of the configuration is for: central,
// or the pizzeria whose up subject it may publish on.
func userOf(u *server.NkeyUser) (string, error) {
	if u.Permissions == nil || u.Permissions.Publish == nil {
		return "", fmt.Errorf("user %s has no publish permissions", u.Nkey)
	}
	for _, s := range u.Permissions.Publish.Allow {
		if s == "$JS.API.>" {
			return central, nil
		}
		if id, ok := strings.CutPrefix(s, "ocpizza.up."); ok {
			return id, nil
		}
	}
	return "", fmt.Errorf("user %s is neither central nor a pizzeria", u.Nkey)
}

// testServer is a running server with the configuration of deploy/nats.
type testServer struct {
	url   string
	tls   []nats.Option // what a client needs to trust the server
	seeds map[string]string
}

// eachServer runs test against the configuration of deploy/nats loaded in
// nats-server 2.15 in process, and in the installed nats-server binary
// when there is one: Debian's 2.9, which production may run.
func eachServer(t *testing.T, test func(t *testing.T, ts *testServer)) {
	t.Run("in-process", func(t *testing.T) { test(t, startInProcess(t)) })
	t.Run("installed", func(t *testing.T) { test(t, startInstalled(t)) })
}

// startInProcess starts nats-server in process with the configuration of
// deploy/nats, on a random loopback port, without TLS and monitoring.
func startInProcess(tb testing.TB) *testServer {
	tb.Helper()
	cp := copyConfig(tb)
	opts, err := server.ProcessConfigFile(cp.conf)
	if err != nil {
		tb.Fatalf("load deploy/nats: %v", err)
	}
	opts.Host = "127.0.0.1"
	opts.Port = -1
	opts.HTTPPort = 0
	opts.TLS, opts.TLSConfig, opts.TLSVerify = false, nil, false
	opts.StoreDir = tb.TempDir()
	opts.NoSigs = true

	s, err := server.NewServer(opts)
	if err != nil {
		tb.Fatalf("new server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(waitTimeout) {
		tb.Fatal("nats-server not ready")
	}
	tb.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return &testServer{url: s.ClientURL(), seeds: cp.seeds}
}

// startInstalled runs the installed nats-server with the configuration of
// deploy/nats, TLS included, on random loopback ports.
func startInstalled(tb testing.TB) *testServer {
	tb.Helper()
	if _, err := os.Stat(installedServer); err != nil {
		tb.Skipf("%s is not installed (apt-get install nats-server): %v", installedServer, err)
	}
	cp := copyConfig(tb)

	// Start it, its output kept for a failed test.
	var out bytes.Buffer
	cmd := exec.Command(installedServer, "-c", cp.conf, "-a", "127.0.0.1", "-p", "-1", "-m", "-1",
		"--ports_file_dir", cp.dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if tb.Failed() {
			tb.Logf("%s:\n%s", installedServer, out.String())
		}
	})

	// Its ports file says where it listens.
	var ports struct{ Nats []string }
	checkFor(tb, waitTimeout, func() error {
		files, _ := filepath.Glob(filepath.Join(cp.dir, "*.ports"))
		if len(files) != 1 {
			return fmt.Errorf("no ports file from %s", installedServer)
		}
		data, err := os.ReadFile(files[0])
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &ports); err != nil || len(ports.Nats) == 0 {
			return fmt.Errorf("ports file %q: %v", data, err)
		}
		return nil
	})
	return &testServer{
		url:   ports.Nats[0],
		tls:   []nats.Option{nats.RootCAs(cp.cert)},
		seeds: cp.seeds,
	}
}

// client is a connection as a user of the configuration, which records
// the asynchronous errors the server sends it.
type client struct {
	nc *nats.Conn
	js jetstream.JetStream

	mu   sync.Mutex
	errs []error
}

// connectAs connects to the server as user (central or a pizzeria id) the
// way ocpizza-central and ocpizza-edge do: the nkey seed read from a file,
// and for a pizzeria the inbox prefix its permissions allow.
func (ts *testServer) connectAs(tb testing.TB, user string, extra ...nats.Option) *client {
	tb.Helper()
	seed, ok := ts.seeds[user]
	if !ok {
		tb.Fatalf("no user %q in deploy/nats", user)
	}
	auth, err := nats.NkeyOptionFromSeed(seed)
	if err != nil {
		tb.Fatal(err)
	}
	opts := []nats.Option{auth}
	if user != central {
		opts = append(opts, nats.CustomInboxPrefix(syncproto.InboxPrefix(user)))
	}
	opts = append(opts, ts.tls...)
	return ts.connect(tb, append(opts, extra...)...)
}

// connect connects with opts and an error handler that records errors.
func (ts *testServer) connect(tb testing.TB, opts ...nats.Option) *client {
	tb.Helper()
	c := &client{}
	opts = append(opts,
		nats.NoReconnect(),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.errs = append(c.errs, err)
		}))
	nc, err := nats.Connect(ts.url, opts...)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	c.nc, c.js = nc, js
	return c
}

// hasError reports whether c has received a permissions error containing
// text.
func (c *client) hasError(text string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, err := range c.errs {
		if errors.Is(err, nats.ErrPermissionViolation) && strings.Contains(err.Error(), text) {
			return true
		}
	}
	return false
}

// waitViolation waits until the server has told c that it may not do
// action ("Publish" or "Subscription") on subject. A subject that ends with
// a dot stands for every subject that begins with it.
func (c *client) waitViolation(tb testing.TB, action, subject string) {
	tb.Helper()
	want := fmt.Sprintf("Permissions Violation for %s to %q", action, subject)
	if strings.HasSuffix(subject, ".") {
		want = strings.TrimSuffix(want, `"`)
	}
	checkFor(tb, waitTimeout, func() error {
		if !c.hasError(want) {
			return fmt.Errorf("no error %q", want)
		}
		return nil
	})
}

// noViolation checks that the server has refused nothing to c so far. The
// flush is a round trip, and the client records an error from the server
// as its last error before it reads the answer to the flush.
func (c *client) noViolation(tb testing.TB) {
	tb.Helper()
	if err := c.nc.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := c.nc.LastError(); err != nil {
		tb.Fatalf("refused: %v", err)
	}
}
