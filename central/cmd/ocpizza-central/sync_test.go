package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// upStream creates the up stream on srv with n messages and central's
// ingest consumer, as a central that ran leaves them.
func upStream(t *testing.T, srv *natstest.Server, n int) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := js.CreateOrUpdateStream(ctx, syncproto.UpStreamConfig()); err != nil {
		t.Fatal(err)
	}
	for range n {
		if _, err := js.Publish(ctx, syncproto.UpSubject("paris-11"), []byte("{}")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := js.CreateOrUpdateConsumer(ctx, syncproto.UpStream, syncproto.IngestConsumerConfig()); err != nil {
		t.Fatal(err)
	}
	return js
}

func TestSyncReplay(t *testing.T) {
	srv := natstest.New(t)
	js := upStream(t, srv, 7)
	ctx := context.Background()

	// A consumer something pulls from is left alone.
	cons, err := js.Consumer(ctx, syncproto.UpStream, syncproto.IngestConsumer)
	if err != nil {
		t.Fatal(err)
	}
	pulling, err := cons.Consume(func(m jetstream.Msg) { _ = m.Nak() }, jetstream.PullExpiry(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	_, err = runCmd(t, "", "sync", "replay", "--nats-url", srv.URL())
	if err == nil || !strings.Contains(err.Error(), "stop") {
		t.Errorf("replay while pulling: %v, want a refusal", err)
	}
	pulling.Stop()
	<-pulling.Closed()

	// Stopped (once its last pull request expired): deleted, the URL
	// taken from the environment.
	t.Setenv("OCPIZZA_NATS_URL", srv.URL())
	var out string
	waitFor(t, 10*time.Second, func() (err error) {
		out, err = runCmd(t, "", "sync", "replay")
		return err
	})
	if !strings.Contains(out, "ingest consumer deleted") || !strings.Contains(out, " 7 events") {
		t.Errorf("replay said %q", out)
	}
	if _, err := js.Consumer(ctx, syncproto.UpStream, syncproto.IngestConsumer); !errors.Is(err,
		jetstream.ErrConsumerNotFound) {
		t.Errorf("consumer after the replay: %v", err)
	}
	out, err = runCmd(t, "", "sync", "replay")
	if err != nil || !strings.Contains(out, "no ingest consumer") {
		t.Errorf("second replay: %q, %v", out, err)
	}
}

func TestSyncReplayRefusesBadFlags(t *testing.T) {
	creds := filepath.Join(t.TempDir(), "creds")
	if err := os.WriteFile(creds, []byte("no password here\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	down := natstest.Unstarted(t).URL()
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no verb":         {[]string{"sync"}, "sync replay"},
		"unknown verb":    {[]string{"sync", "rewind"}, "sync replay"},
		"extra argument":  {[]string{"sync", "replay", "now"}, "sync replay"},
		"bad url":         {[]string{"sync", "replay", "--nats-url", "http://x"}, "--nats-url"},
		"bad credentials": {[]string{"sync", "replay", "--nats-creds", creds}, "--nats-creds"},
		"no server":       {[]string{"sync", "replay", "--nats-url", down}, "connect"},
	} {
		_, err := runCmd(t, "", tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error about %s", name, err, tc.want)
		}
	}
}
