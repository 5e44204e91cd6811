package main

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWebFlags checks the payment provider and web order settings: all
// three provider settings or none, keys long enough, a sane timeout.
func TestWebFlags(t *testing.T) {
	const key, public = "sk_test_0123456789abcdef", "https://commande.example.fr"
	for name, tc := range map[string]struct {
		args    []string
		wantErr string
	}{
		"none":          {nil, ""},
		"all":           {[]string{"--paysim-url", "http://127.0.0.1:8095", "--paysim-api-key", key, "--paysim-webhook-secret", key, "--public-url", public}, ""},
		"no public url": {[]string{"--paysim-url", "http://127.0.0.1:8095", "--paysim-api-key", key, "--paysim-webhook-secret", key}, "--public-url"},
		"public path":   {[]string{"--public-url", "https://commande.example.fr/shop"}, "--public-url"},
		"public only":   {[]string{"--public-url", public}, ""},
		"key only":      {[]string{"--paysim-api-key", key}, "--paysim-url"},
		"bad url":       {[]string{"--paysim-url", "127.0.0.1:8095", "--paysim-api-key", key, "--paysim-webhook-secret", key}, "--paysim-url"},
		"short key":     {[]string{"--paysim-url", "http://p", "--paysim-api-key", "short", "--paysim-webhook-secret", key, "--public-url", public}, "--paysim-api-key"},
		"short secret":  {[]string{"--paysim-url", "http://p", "--paysim-api-key", key, "--paysim-webhook-secret", "x", "--public-url", public}, "--paysim-webhook-secret"},
		"page origin": {[]string{"--paysim-url", "http://p", "--paysim-api-key", key,
			"--paysim-webhook-secret", key, "--payment-page-origin", "https://pay.example.com:8443",
			"--public-url", public}, ""},
		"origin path": {[]string{"--paysim-url", "http://p", "--paysim-api-key", key,
			"--paysim-webhook-secret", key, "--payment-page-origin", "https://pay.example.com/",
			"--public-url", public},
			"--payment-page-origin"},
		"origin ftp": {[]string{"--paysim-url", "http://p", "--paysim-api-key", key,
			"--paysim-webhook-secret", key, "--payment-page-origin", "ftp://pay.example.com",
			"--public-url", public},
			"--payment-page-origin"},
		"origin only":  {[]string{"--payment-page-origin", "https://pay.example.com"}, "--paysim-url"},
		"bad timeout":  {[]string{"--web-order-timeout", "soon"}, "--web-order-timeout"},
		"tiny timeout": {[]string{"--web-order-timeout", "10ms"}, "--web-order-timeout"},
	} {
		t.Run(name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			wf := addWebFlags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := wf.validate()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("validate: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("validate: %v, want an error naming %s", err, tc.wantErr)
			}
			if p, v := wf.provider(nil); tc.wantErr == "" && (p != nil) != wf.payments() {
				t.Fatalf("provider %v, verifier set %v", p, v != nil)
			}
		})
	}
	if d := webOrderInterval(3 * time.Minute); d != 10*time.Second {
		t.Fatalf("interval for 3m: %v", d)
	}
}

// TestPaymentPageOrigin checks the origin the checkout may send browsers
// to: the one set, or by default that of the provider's API URL, also
// from the environment.
func TestPaymentPageOrigin(t *testing.T) {
	const key, public = "sk_test_0123456789abcdef", "https://commande.example.fr"
	provider := []string{"--paysim-url", "http://127.0.0.1:8095/api", "--paysim-api-key", key,
		"--paysim-webhook-secret", key, "--public-url", public}
	parse := func(args ...string) *webFlags {
		t.Helper()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		wf := addWebFlags(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		if err := wf.validate(); err != nil {
			t.Fatalf("validate: %v", err)
		}
		return wf
	}
	if got := parse().paymentPageOrigin(); got != "" {
		t.Errorf("without a provider: %q", got)
	}
	if got := parse(provider...).paymentPageOrigin(); got != "http://127.0.0.1:8095" {
		t.Errorf("default: %q", got)
	}
	set := append(slices.Clone(provider), "--payment-page-origin", "https://pay.example.com")
	if got := parse(set...).paymentPageOrigin(); got != "https://pay.example.com" {
		t.Errorf("set: %q", got)
	}
	t.Setenv("OCPIZZA_PAYMENT_PAGE_ORIGIN", "https://paiement.example.fr")
	if got := parse(provider...).paymentPageOrigin(); got != "https://paiement.example.fr" {
		t.Errorf("from the environment: %q", got)
	}
}
