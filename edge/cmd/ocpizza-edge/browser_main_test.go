package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ocpizza/ocpizza/edge"
)

// The browser tests drive the staff pages of a real ocpizza-edge (demo
// data, then serve on a random port) in Debian's headless Chromium. They
// fail when Chromium is missing, so that CI cannot pass without running
// them; only go test -short skips them.

// chromiumPath is the browser the tests drive; OCPIZZA_CHROMIUM overrides
// it.
func chromiumPath() string {
	if p := os.Getenv("OCPIZZA_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// browserTimeout bounds one scenario, so that a page that never shows
// what is waited for fails the test instead of hanging it.
const browserTimeout = 20 * time.Second

// pizzeria is a running ocpizza-edge with the demo data.
type pizzeria struct {
	t    *testing.T
	base string
	api  *client
	root context.Context // the browser; each staff member gets a context of their own
	shot int             // screenshots taken, to number them in the order of the story
}

// startPizzeria loads the demo data into a fresh database, serves it on a
// random local port and starts a headless Chromium for it.
func startPizzeria(t *testing.T) *pizzeria {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	if _, err := os.Stat(chromiumPath()); err != nil {
		t.Fatalf("Chromium is needed for the browser tests (apt-get install chromium): %v", err)
	}

	// Screenshots of an earlier run of this test would mislead.
	prefix := strings.TrimPrefix(t.Name(), "TestBrowser") + "-"
	stale, _ := filepath.Glob(filepath.Join(screenshotDir(t), prefix+"*.png"))
	for _, f := range stale {
		_ = os.Remove(f)
	}

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
	p := &pizzeria{t: t, base: "http://" + addr}
	p.api = &client{t: t, base: p.base}
	waitFor(t, func() error { _, err := http.Get(p.base + "/healthz"); return err })

	// The browser, closed before the server stops so that no event stream
	// holds the shutdown.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1280, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	p.root = root
	t.Cleanup(func() {
		cancelRoot()
		cancelAlloc()
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return p
}

// staff opens a browser context of its own (its own cookies) and logs in
// as username through the log-in page.
func (p *pizzeria) staff(username string) context.Context {
	p.t.Helper()
	ctx, cancel := chromedp.NewContext(p.root, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, browserTimeout)
	p.t.Cleanup(func() { cancelTimeout(); cancel() })
	p.run(ctx, "log in as "+username,
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

// press clicks the first element matching sel as soon as there is one. It
// finds and clicks in one script, since a live region may be replaced
// between the two.
func press(sel string) chromedp.Action[chromedp.Void] {
	quoted, _ := json.Marshal(sel)
	return chromedp.Poll[chromedp.Void](`(function () {
		var e = document.querySelector(` + string(quoted) + `);
		if (e) e.click();
		return !!e;
	})()`)
}

// run runs browser actions, failing the test with what was being done.
func (p *pizzeria) run(ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			// What the page showed when it timed out, to see why.
			shotCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			p.screenshot(shotCtx, "timeout")
			cancel()
		}
		p.t.Fatalf("%s: %v", what, err)
	}
}

// text returns the text of the first element matching sel, once there is
// one with some text. It reads it in one script, since a live region may be
// replaced between finding an element and reading it.
func (p *pizzeria) text(ctx context.Context, sel string) string {
	p.t.Helper()
	quoted, _ := json.Marshal(sel)
	s, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(function () { var e = document.querySelector(`+string(quoted)+`); return e && e.innerText; })()`))
	if err != nil {
		p.t.Fatalf("read %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// screenshotDir is where the screenshots go: OCPIZZA_SCREENSHOTS, or
// var/screenshots/edge at the root of the repository.
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("OCPIZZA_SCREENSHOTS"); dir != "" {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return filepath.Join(dir, "var", "screenshots", "edge")
		}
	}
	return filepath.Join(wd, "screenshots")
}

// screenshot saves the whole page as a PNG named after the test, its
// place in the story and what it shows.
func (p *pizzeria) screenshot(ctx context.Context, name string) {
	p.t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := screenshotDir(p.t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	p.shot++
	file := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.png", strings.TrimPrefix(p.t.Name(), "TestBrowser"), p.shot, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
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
