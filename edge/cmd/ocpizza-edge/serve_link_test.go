package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestServeWithLink serves a pizzeria with a NATS URL: its demo data
// reaches the up stream, /readyz says the link is up, and a stop drains
// the link and returns.
func TestServeWithLink(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if _, err := runCmd(t, "", "demo-data", "--db", db, "--pizzeria", "paris-11"); err != nil {
		t.Fatalf("demo-data: %v", err)
	}

	// A NATS server with the up stream, and a central that has applied
	// nothing yet.
	ns := natstest.New(t)
	nc, err := nats.Connect(ns.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	stream, err := js.CreateStream(context.Background(), syncproto.UpStreamConfig())
	if err != nil {
		t.Fatal(err)
	}
	_, err = nc.Subscribe(syncproto.HelloSubjects, func(msg *nats.Msg) {
		var h syncproto.Hello
		_ = json.Unmarshal(msg.Data, &h)
		data, _ := syncproto.Encode(&syncproto.Cursor{Pizzeria: h.Pizzeria, Epoch: h.Epoch})
		_ = msg.Respond(data)
	})
	if err != nil {
		t.Fatal(err)
	}

	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--pizzeria", "paris-11", "--http-addr", addr,
			"--nats-url", ns.URL(), "--log-level", "warn"}, strings.NewReader(""), &bytes.Buffer{})
	}()

	// Online, and the outbox in the stream.
	waitFor(t, func() error {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var ready struct{ Status, Link string }
		if err := json.NewDecoder(resp.Body).Decode(&ready); err != nil {
			return err
		}
		if ready.Status != "ready" || ready.Link != "online" {
			return fmt.Errorf("readyz = %+v", ready)
		}
		return nil
	})
	waitFor(t, func() error {
		info, err := stream.Info(context.Background())
		if err != nil {
			return err
		}
		if info.State.Msgs == 0 {
			return fmt.Errorf("nothing in the stream")
		}
		return nil
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after a stop", err)
		}
	case <-time.After(shutdownTimeout + 10*time.Second):
		t.Fatal("serve did not stop")
	}
}
