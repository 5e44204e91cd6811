package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/browsertest"
)

// The browser tests drive the staff pages of a real ocpizza-edge (demo
// data, then serve on a random port) in Debian's headless Chromium, with
// browsertest. Their screenshots go to var/screenshots/edge.

// browserTimeout bounds one scenario, so that a page that never shows
// what is waited for fails the test instead of hanging it.
const browserTimeout = 20 * time.Second

// pizzeria is a running ocpizza-edge with the demo data, and the story
// told on it, whose Run, Text and Screenshot the tests call.
type pizzeria struct {
	*browsertest.Shots
	t    *testing.T
	base string
	api  *client
	root context.Context // the browser; each staff member gets a context of their own
}

// startPizzeria loads the demo data into a fresh database, serves it on a
// random local port and starts a headless Chromium for it, closed before
// the server stops so that no event stream holds the shutdown.
func startPizzeria(t *testing.T) *pizzeria {
	t.Helper()
	browsertest.Require(t)
	shots := browsertest.NewShots(t, browsertest.ScreenshotDir(t, "edge"))

	// The pizzeria: demo data, then serve until the test ends.
	db := filepath.Join(t.TempDir(), "edge.db")
	if _, err := runCmd(t, "", "demo-data", "--db", db, "--pizzeria", "paris-11"); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--pizzeria", "paris-11", "--http-addr", addr,
			"--log-level", "warn"}, strings.NewReader(""), &bytes.Buffer{})
	}()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	p := &pizzeria{Shots: shots, t: t, base: "http://" + addr}
	p.api = &client{t: t, base: p.base}
	waitFor(t, func() error { _, err := http.Get(p.base + "/healthz"); return err })

	// The browser, whose cleanup runs before the server's.
	p.root = browsertest.Start(t, 1280, 900)
	return p
}

// staff opens a browser context of its own (its own cookies) and logs in
// as username through the log-in page.
func (p *pizzeria) staff(username string) context.Context {
	p.t.Helper()
	ctx := browsertest.NewTab(p.t, p.root, browserTimeout)
	p.Run(ctx, "log in as "+username,
		chromedp.Navigate(p.base+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword+"\r"),
		chromedp.WaitVisible(chromedp.CSS("header.top nav")),
	)
	return ctx
}

// open goes to a page of the pizzeria and waits until it is ready.
func open(p *pizzeria, path string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Navigate(p.base+path), ready())
}

// ready waits until the page's script runs and, on a live page, until its
// first refresh is done: keys pressed before would find no handler.
func ready() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.body && document.body.dataset.ready === "1" &&
		(!document.body.dataset.events || document.body.dataset.refreshed)`)
}

// phoneOrder takes an order over the API, for a scenario that starts
// after it.
func (p *pizzeria) phoneOrder(lines ...map[string]any) edge.Order {
	p.t.Helper()
	var o edge.Order
	p.api.call(p.api.login("caisse"), "POST", "/api/v1/orders", map[string]any{
		"channel": "phone", "fulfilment": "delivery", "payment_method": "cash",
		"customer": map[string]string{"name": "Mme Durand", "phone": "06 12 34 56 78",
			"address": "12 rue Oberkampf, 75011 Paris"},
		"lines": lines,
	}, http.StatusCreated, &o)
	return o
}
