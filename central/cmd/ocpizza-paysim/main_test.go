package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
)

const (
	testKey    = "sk_test_0123456789abcdef"
	testSecret = "whsec_test_0123456789abcdef"
)

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"version", "--help"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, &out); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%v: %v, want help", args, err)
		}
		if !strings.Contains(out.String(), "Usage: ocpizza-paysim") {
			t.Errorf("%v printed %q", args, out.String())
		}
	}

	// The environment's secrets never show in the help.
	t.Setenv("OCPIZZA_PAYSIM_API_KEY", "sk_live_do_not_print_me")
	var out bytes.Buffer
	_ = run(context.Background(), []string{"serve", "--help"}, &out)
	if help := out.String(); strings.Contains(help, "do_not_print_me") ||
		!strings.Contains(help, "OCPIZZA_PAYSIM_API_KEY") {
		t.Errorf("serve --help:\n%s", out.String())
	}

	out.Reset()
	if err := run(context.Background(), []string{"version"}, &out); err != nil ||
		!strings.HasPrefix(out.String(), "ocpizza-paysim dev") {
		t.Errorf("version: %q, %v", out.String(), err)
	}
}

func TestServeChecksFlagsBeforeStarting(t *testing.T) {
	good := []string{"--api-key", testKey, "--webhook-secret", testSecret,
		"--webhook-url", "http://127.0.0.1:1/hook"}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no api key", good[2:], "--api-key"},
		{"short secret", append(append([]string{}, good...), "--webhook-secret", "short"), "--webhook-secret"},
		{"no webhook url", good[:4], "--webhook-url"},
		{"webhook url not http", append(append([]string{}, good...), "--webhook-url", "ftp://x"), "--webhook-url"},
		{"bad public url", append(append([]string{}, good...), "--public-url", "pay.example"), "--public-url"},
		{"bad address", append(append([]string{}, good...), "--http-addr", "8095"), "--http-addr"},
		{"bad log level", append(append([]string{}, good...), "--log-level", "loud"), "log level"},
		{"argument", append(append([]string{}, good...), "extra"), "no argument"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("OCPIZZA_PAYSIM_API_KEY", "")
			t.Setenv("OCPIZZA_PAYSIM_WEBHOOK_SECRET", "")
			err := run(context.Background(), append([]string{"serve"}, c.args...), io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one naming %s", err, c.want)
			}
		})
	}
}

func TestServe(t *testing.T) {
	// A webhook receiver, and the simulator configured from the environment.
	events := make(chan *central.PaymentEvent, 1)
	hook := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := paysim.VerifyWebhook(testSecret, r.Header.Get(paysim.SignatureHeader), body, time.Now())
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		events <- ev
	})}
	hookAddr := listen(t, hook)
	t.Setenv("OCPIZZA_PAYSIM_API_KEY", testKey)
	t.Setenv("OCPIZZA_PAYSIM_WEBHOOK_SECRET", testSecret)
	t.Setenv("OCPIZZA_PAYSIM_WEBHOOK_URL", "http://"+hookAddr+"/hook")
	addr := freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := []string{"serve", "--http-addr", addr, "--log-level", "warn"}
	go func() { done <- run(ctx, args, io.Discard) }()

	// It answers /healthz, and a payment made on it is notified.
	base := "http://" + addr
	waitFor(t, func() error {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("healthz %d", resp.StatusCode)
		}
		return nil
	})
	client := paysim.NewClient(base, testKey, paysim.RetryPolicy{}, nil)
	p, err := client.CreatePayment(context.Background(), &central.PaymentRequest{AmountCents: 500,
		Currency: "eur", Reference: "order-1", ReturnURL: "http://shop.example/back", IdempotencyKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	form := strings.NewReader("number=4242424242424242&expiry=12/40&cvc=123")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := noRedirect.Post(p.PaymentURL, "application/x-www-form-urlencoded", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "http://shop.example/back?") {
		t.Errorf("paid: %d to %q, want the return URL", resp.StatusCode, loc)
	}
	select {
	case ev := <-events:
		if ev.PaymentID != p.ID || ev.Type != central.EventPaymentSucceeded {
			t.Errorf("event %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook")
	}

	// It stops cleanly.
	stop()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v after a stop", err)
	}
}

func listen(t testing.TB, srv *http.Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().String()
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

// waitFor polls check until it succeeds, for 5 seconds at most.
func waitFor(t testing.TB, check func() error) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing: %v", err)
		}
		time.Sleep(20 * time.Millisecond) // the poll interval
	}
}
