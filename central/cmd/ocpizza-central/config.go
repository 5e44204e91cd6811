package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/central/paysim"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// dbFlags are the flags every command that opens the database takes.
type dbFlags struct {
	url, logLevel, logFormat *string
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	return &dbFlags{
		url: cmdline.EnvString(fs, "db", "OCPIZZA_DB", "",
			"PostgreSQL URL, such as postgres://ocpizza@localhost/ocpizza"),
		logLevel: cmdline.EnvString(fs, "log-level", "OCPIZZA_LOG_LEVEL", "info",
			"log level: debug, info, warn or error"),
		logFormat: cmdline.EnvString(fs, "log-format", "OCPIZZA_LOG_FORMAT", "text",
			"log format: text or json"),
	}
}

// validate checks the flags before anything is opened.
func (f *dbFlags) validate() error {
	if err := validateDBURL(*f.url); err != nil {
		return err
	}
	_, err := cmdline.NewLogger(*f.logLevel, *f.logFormat, io.Discard)
	return err
}

// validateDBURL checks that a database URL is given and is a PostgreSQL
// URL; the error never shows the password.
func validateDBURL(raw string) error {
	if raw == "" {
		return errors.New("--db (or OCPIZZA_DB) is required: a PostgreSQL URL")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("--db: want a URL postgres://user@host:port/database")
	}
	return nil
}

// redacted returns a database URL fit for the log: without its password.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable URL)"
	}
	return u.Redacted()
}

// open connects to the database.
func (f *dbFlags) open(ctx context.Context) (*postgres.DB, error) {
	return postgres.Open(ctx, *f.url)
}

// parse parses args, validates the database flags and returns the
// positional arguments.
func (f *dbFlags) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	positional, err := cmdline.ParseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	return positional, f.validate()
}

// webFlags are serve's flags of the web orders: the payment provider
// (all three settings, or none: online payment is then refused), the
// website's public origin it sends customers back to, and how long a
// silent pizzeria keeps an order offered to it.
type webFlags struct {
	paysimURL, paysimKey, paysimSecret, pageOrigin, publicURL, timeout *string
}

func addWebFlags(fs *flag.FlagSet) *webFlags {
	return &webFlags{
		paysimURL: cmdline.EnvString(fs, "paysim-url", "OCPIZZA_PAYSIM_URL", "",
			"payment provider's API base URL; empty: no online payment"),
		paysimKey: cmdline.EnvString(fs, "paysim-api-key", "OCPIZZA_PAYSIM_API_KEY", "",
			"payment provider's API key (16 characters or more)"),
		paysimSecret: cmdline.EnvString(fs, "paysim-webhook-secret", "OCPIZZA_PAYSIM_WEBHOOK_SECRET", "",
			"HMAC key of the payment provider's webhooks (16 characters or more)"),
		pageOrigin: cmdline.EnvString(fs, "payment-page-origin", "OCPIZZA_PAYMENT_PAGE_ORIGIN", "",
			"origin (scheme://host[:port]) of the provider's hosted payment page, the only one "+
				"the checkout may send browsers to; default: the origin of --paysim-url"),
		publicURL: cmdline.EnvString(fs, "public-url", "OCPIZZA_PUBLIC_URL", "",
			"origin (scheme://host[:port]) customers reach the website on, where the payment "+
				"page sends them back; required with --paysim-url"),
		timeout: cmdline.EnvString(fs, "web-order-timeout", "OCPIZZA_WEB_ORDER_TIMEOUT", "3m",
			"how long a silent pizzeria keeps a web order before the next one gets it"),
	}
}

// validate checks the web order flags before anything is opened.
func (f *webFlags) validate() error {
	if d, err := time.ParseDuration(*f.timeout); err != nil || d < time.Second {
		return fmt.Errorf("--web-order-timeout %q: want a duration of 1s or more, such as 3m", *f.timeout)
	}
	if *f.publicURL != "" && !isOrigin(*f.publicURL) {
		return fmt.Errorf("--public-url %q: want an origin such as "+
			"https://commande.example.fr, without a path", *f.publicURL)
	}
	if !f.payments() {
		if *f.paysimKey != "" || *f.paysimSecret != "" || *f.pageOrigin != "" {
			return errors.New("--paysim-url (or OCPIZZA_PAYSIM_URL) is required " +
				"with the API key, the webhook secret and the payment page origin")
		}
		return nil
	}
	u, err := url.Parse(*f.paysimURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--paysim-url %q: want an absolute http:// or https:// URL", *f.paysimURL)
	}
	if *f.publicURL == "" {
		// Else the page would send customers back to whatever host their
		// request named.
		return errors.New("--public-url (or OCPIZZA_PUBLIC_URL) is required with --paysim-url: " +
			"the origin customers reach the website on")
	}
	if *f.pageOrigin != "" && !isOrigin(*f.pageOrigin) {
		return fmt.Errorf("--payment-page-origin %q: want an origin such as "+
			"https://pay.example.com, without a path", *f.pageOrigin)
	}
	const short = "%s (or %s): %d characters or more are required"
	if len(*f.paysimKey) < paysim.MinSecretLen {
		return fmt.Errorf(short, "--paysim-api-key", "OCPIZZA_PAYSIM_API_KEY", paysim.MinSecretLen)
	}
	if len(*f.paysimSecret) < paysim.MinSecretLen {
		return fmt.Errorf(short, "--paysim-webhook-secret", "OCPIZZA_PAYSIM_WEBHOOK_SECRET",
			paysim.MinSecretLen)
	}
	return nil
}

// payments reports whether a payment provider is configured.
func (f *webFlags) payments() bool { return *f.paysimURL != "" }

// isOrigin reports whether s is an http or https origin: a scheme and a
// host, with neither user, path, query nor fragment, not even a slash.
func isOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.Scheme+"://"+u.Host == s
}

// paymentPageOrigin returns the origin of the payment page: the one set,
// or that of the provider's API URL; "" without a provider.
func (f *webFlags) paymentPageOrigin() string {
	if !f.payments() {
		return ""
	}
	if *f.pageOrigin != "" {
		return strings.ToLower(*f.pageOrigin)
	}
	u, _ := url.Parse(*f.paysimURL) // validated
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// orderTimeout returns the validated timeout.
func (f *webFlags) orderTimeout() time.Duration {
	d, _ := time.ParseDuration(*f.timeout)
	return d
}

// provider returns the payment provider and the webhook verifier, or nil
// for both when none is configured.
func (f *webFlags) provider(log *slog.Logger) (central.PaymentProvider, centralhttp.WebhookVerifier) {
	if !f.payments() {
		return nil, nil
	}
	secret := *f.paysimSecret
	client := paysim.NewClient(*f.paysimURL, *f.paysimKey, paysim.RetryPolicy{}, log)
	verify := func(h http.Header, body []byte) (*central.PaymentEvent, error) {
		return paysim.VerifyWebhook(secret, h.Get(paysim.SignatureHeader), body, time.Now())
	}
	return client, verify
}
