package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// serve runs the serve subcommand until the test ends, and returns the
// base URL of its HTTP server and a stop function that checks it stopped
// cleanly.
func serve(t *testing.T, args ...string) (string, func()) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		args = append([]string{"serve", "--http-addr", addr, "--log-level", "warn"}, args...)
		done <- run(ctx, args, strings.NewReader(""), io.Discard)
	}()
	stopped := false
	stop := func() {
		t.Helper()
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after a stop", err)
			}
		case <-time.After(2*shutdownTimeout + 5*time.Second):
			t.Error("serve did not stop")
		}
	}
	t.Cleanup(stop)
	return "http://" + addr, stop
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// readiness is the body of /readyz.
type readiness struct{ Status, Database, NATS string }

func readyz(base string) (int, readiness, error) {
	var body readiness
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		return 0, body, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body, err
}

func get(t testing.TB, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return string(body)
}

// TestServeIngestsAndStopsGracefully starts central on an empty database:
// it migrates, connects, creates the stream, applies a pizzeria's event,
// counts it in /metrics, and stops cleanly.
func TestServeIngestsAndStopsGracefully(t *testing.T) {
	dbURL := emptyDatabase(t)
	srv := natstest.New(t)
	base, stop := serve(t, "--db", dbURL, "--nats-url", srv.URL())

	waitFor(t, 10*time.Second, func() error {
		status, body, err := readyz(base)
		if err == nil && (status != http.StatusOK || body.Status != "ready" || body.NATS != "connected") {
			err = fmt.Errorf("readyz %d %+v", status, body)
		}
		return err
	})
	if body := get(t, base+"/healthz"); !strings.Contains(body, "ok") {
		t.Errorf("healthz: %s", body)
	}

	// A pizzeria opens and sends an event.
	if _, err := runCmd(t, "", "pizzeria", "add", "paris-11", "--name", "Paris 11", "--db", dbURL); err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	data := []byte(`{"id":"0193a4a0-0000-7000-8000-000000000001","pizzeria":"paris-11","epoch":"e1","seq":1,` +
		`"type":"catalog.applied","schema_version":1,"occurred_at":"2026-12-03T10:00:00Z","payload":{"version":3}}`)
	waitFor(t, 10*time.Second, func() error {
		_, err := js.Publish(context.Background(), syncproto.UpSubject("paris-11"), data) // once the stream exists
		return err
	})
	db, err := postgres.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	waitFor(t, 10*time.Second, func() error {
		branches, err := db.FindBranches(context.Background())
		if err != nil {
			return err
		}
		if len(branches) != 1 || branches[0].LastSeq != 1 {
			return fmt.Errorf("branches %+v, want paris-11 at 1", branches)
		}
		return nil
	})
	if metrics := get(t, base+"/metrics"); !strings.Contains(metrics, "ocpizza_central_ingest_events_total 1\n") {
		t.Errorf("metrics do not count the event:\n%s", grep(metrics, "ocpizza_central_ingest"))
	}

	stop()
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still serving after the stop")
	}
}

// TestServeBeforeNATS starts central while its NATS server is down: it
// serves, says it is not ready, and becomes ready when NATS comes up.
func TestServeBeforeNATS(t *testing.T) {
	dbURL := emptyDatabase(t)
	port := natstest.FreePort(t)
	base, _ := serve(t, "--db", dbURL, "--nats-url", fmt.Sprintf("nats://127.0.0.1:%d", port))

	waitFor(t, 10*time.Second, func() error {
		status, body, err := readyz(base)
		if err == nil && (status != http.StatusServiceUnavailable ||
			body.NATS != "disconnected" || body.Database != "ok") {
			err = fmt.Errorf("readyz %d %+v, want not ready for NATS only", status, body)
		}
		return err
	})
	natstest.NewOnPort(t, port)
	waitFor(t, 10*time.Second, func() error {
		status, body, err := readyz(base)
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("readyz %d %+v", status, body)
		}
		return err
	})
}

// grep returns the lines of s that contain substr.
func grep(s, substr string) string {
	var b bytes.Buffer
	for line := range strings.Lines(s) {
		if strings.Contains(line, substr) {
			b.WriteString(line)
		}
	}
	return b.String()
}
