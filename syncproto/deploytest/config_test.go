package deploytest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/ocpizza/ocpizza/syncproto"
)

// TestConfigValidForInstalledServer checks the configuration, TLS block
// included, with the machine's own nats-server binary (`nats-server -t`),
// which is older than the one the other tests run in process.
func TestConfigValidForInstalledServer(t *testing.T) {
	if _, err := os.Stat(installedServer); err != nil {
		t.Skipf("%s is not installed (apt-get install nats-server): %v", installedServer, err)
	}
	conf := copyConfig(t).conf

	cmd := exec.CommandContext(context.Background(), installedServer, "-t", "-c", conf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s -t refuses deploy/nats: %v\n%s", installedServer, err, out)
	}
	t.Logf("%s", out)
}

// TestConfigSettings checks the settings that the deployment relies on,
// as nats-server reads them.
func TestConfigSettings(t *testing.T) {
	opts := loadConfig(t)

	if !opts.JetStream || opts.StoreDir == "" {
		t.Errorf("JetStream = %v, store_dir %q: want JetStream on disk", opts.JetStream, opts.StoreDir)
	}
	if opts.MaxPayload != 1<<20 {
		t.Errorf("max_payload = %d, want 1 MiB", opts.MaxPayload)
	}
	if opts.MaxPayload < syncproto.MaxMessageBytes {
		t.Errorf("max_payload %d is below syncproto.MaxMessageBytes", opts.MaxPayload)
	}
	if opts.HTTPHost != "127.0.0.1" || opts.HTTPPort == 0 {
		t.Errorf("monitoring on %s:%d, want the loopback only", opts.HTTPHost, opts.HTTPPort)
	}
	if opts.TLSConfig == nil || opts.TLSVerify {
		t.Errorf("TLS = %v, verify %v: want server TLS without client certificates",
			opts.TLSConfig != nil, opts.TLSVerify)
	}

	// Nobody connects without a key.
	if len(opts.Users) != 0 || opts.NoAuthUser != "" || opts.Username != "" || opts.Authorization != "" {
		t.Errorf("users %d, no_auth_user %q: want nkey users only", len(opts.Users), opts.NoAuthUser)
	}
	var names []string
	for _, u := range opts.Nkeys {
		if !nkeys.IsValidPublicUserKey(u.Nkey) {
			t.Errorf("%q is not a public user nkey", u.Nkey)
		}
		if u.Account == nil || u.Account.Name != "OCPIZZA" {
			t.Errorf("user %s is not in the OCPIZZA account", u.Nkey)
		}
		name, err := userOf(u)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{central, lyon, paris}) {
		t.Errorf("users %v, want central, lyon-2 and paris-11", names)
	}
}

// TestConfigPermissions checks that every user of the configuration has
// exactly the permissions of its role, so that a pizzeria added by hand
// from the template is checked too.
func TestConfigPermissions(t *testing.T) {
	for _, u := range loadConfig(t).Nkeys {
		name, err := userOf(u)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			want := pizzeriaPermissions(name)
			if name == central {
				want = centralPermissions()
			}
			comparePermissions(t, u.Permissions, want)
		})
	}
}

// permissions are the subjects a user may publish and subscribe to.
type permissions struct {
	publish, subscribe []string
	responses          bool
}

// pizzeriaPermissions are those of a pizzeria: its own up, hello and beat
// subjects, pulling from and acking its own consumer of the down stream,
// and the replies to its own inbox. Nothing else.
func pizzeriaPermissions(id string) permissions {
	consumer := syncproto.DownStream + ".edge-" + id
	return permissions{
		publish: []string{
			syncproto.UpSubject(id),
			syncproto.HelloSubject(id),
			syncproto.BeatSubject(id),
			"$JS.API.CONSUMER.INFO." + consumer,
			"$JS.API.CONSUMER.MSG.NEXT." + consumer,
			"$JS.ACK." + consumer + ".>",
		},
		subscribe: []string{syncproto.InboxPrefix(id) + ".>"},
	}
}

// centralPermissions are those of ocpizza-central.
func centralPermissions() permissions {
	return permissions{
		publish:   []string{syncproto.DownSubjects, "$JS.API.>", "$JS.ACK.>"},
		subscribe: []string{syncproto.HelloSubjects, syncproto.BeatSubjects, "_INBOX.>"},
		responses: true,
	}
}

func comparePermissions(t *testing.T, got *server.Permissions, want permissions) {
	t.Helper()
	if got == nil || got.Publish == nil || got.Subscribe == nil {
		t.Fatalf("permissions %+v: want publish and subscribe lists", got)
	}
	if len(got.Publish.Deny) != 0 || len(got.Subscribe.Deny) != 0 {
		t.Errorf("deny lists %v %v: allow lists only, everything else is refused",
			got.Publish.Deny, got.Subscribe.Deny)
	}
	if !sameSet(got.Publish.Allow, want.publish) {
		t.Errorf("publish %q, want %q", got.Publish.Allow, want.publish)
	}
	if !sameSet(got.Subscribe.Allow, want.subscribe) {
		t.Errorf("subscribe %q, want %q", got.Subscribe.Allow, want.subscribe)
	}
	if got.Response != nil && got.Response.MaxMsgs != 1 {
		t.Errorf("allow_responses %+v: want one reply per request", got.Response)
	}
	if (got.Response != nil) != want.responses {
		t.Errorf("allow_responses %+v, want %v", got.Response, want.responses)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestConnectNeedsAKnownKey checks that the server refuses a client
// without a key, or with a key that is not in the configuration.
func TestConnectNeedsAKnownKey(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		_, err := nats.Connect(ts.url, append(ts.tls, nats.NoReconnect())...)
		if !errors.Is(err, nats.ErrAuthorization) {
			t.Errorf("connect without a key: %v, want an authorization error", err)
		}

		pub, seed := newUserKey(t)
		kp, err := nkeys.FromSeed([]byte(seed))
		if err != nil {
			t.Fatal(err)
		}
		_, err = nats.Connect(ts.url, append(ts.tls, nats.NoReconnect(), nats.Nkey(pub, kp.Sign))...)
		if !errors.Is(err, nats.ErrAuthorization) {
			t.Errorf("connect with an unknown key: %v, want an authorization error", err)
		}
	})
}
