package nats_test

import (
	"fmt"
	"github.com/ocpizza/ocpizza/syncproto"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// authServer starts a server that knows one user with a password and one
// nkey user.
func authServer(tb testing.TB, nkeyPublic string) string {
	tb.Helper()
	srv, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		Users: []*server.User{{Username: "central", Password: "s3cret:with:colons"}},
		Nkeys: []*server.NkeyUser{{Nkey: nkeyPublic}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	srv.Start()
	tb.Cleanup(srv.Shutdown)
	if !srv.ReadyForConnections(5 * time.Second) {
		tb.Fatal("server not ready")
	}
	return srv.ClientURL()
}

func TestConnectWithEachKindOfCredentials(t *testing.T) {
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := user.Seed()
	public, _ := user.PublicKey()
	url := authServer(t, public)
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}

	for name, file := range map[string]string{
		"nkey seed":     write("central.nk", string(seed)+"\n"),
		"user:password": write("central.pass", "central:s3cret:with:colons\n"),
	} {
		t.Run(name, func(t *testing.T) {
			conn, err := centralnats.Connect(url, file, testLogger())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Conn.Close()
			checkFor(t, 5*time.Second, func() error {
				if !conn.IsConnected() {
					return conn.LastError()
				}
				return nil
			})
		})
	}

	// Files that are none of the three are refused before connecting.
	for name, content := range map[string]string{
		"empty":      "",
		"no colon":   "central\n",
		"two lines":  "central:a\nother:b\n",
		"no user":    ":password\n",
		"wrong seed": "SUAXXXXX\n",
	} {
		if _, err := syncproto.Credentials(write("bad", content)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := syncproto.Credentials(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestConnectWaitsForTheServer(t *testing.T) {
	// Connect returns at once with no server, and the link comes up when
	// the server does.
	port := natstest.FreePort(t)
	conn, err := centralnats.Connect(fmt.Sprintf("nats://127.0.0.1:%d", port), "", testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Conn.Close()
	if conn.IsConnected() {
		t.Fatal("connected to nothing")
	}
	natstest.NewOnPort(t, port)
	checkFor(t, 10*time.Second, func() error {
		if !conn.IsConnected() {
			return conn.LastError()
		}
		return nil
	})
}
