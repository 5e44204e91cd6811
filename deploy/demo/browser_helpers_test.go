package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"
)

// The browser tests drive the customer website, the payment provider's
// page and the drivers' phone page of a whole demo (real binaries, a
// private PostgreSQL, NATS) in Debian's headless Chromium. They fail when
// Chromium is missing, so that CI cannot pass without running them; only
// go test -short skips them.

// chromiumPath is the browser the tests drive; OCPIZZA_CHROMIUM overrides
// it.
func chromiumPath() string {
	if p := os.Getenv("OCPIZZA_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// scenarioTimeout bounds one scenario, every browser context and wait in
// it, so that a page that never shows what is waited for fails the test
// instead of hanging it.
const scenarioTimeout = 40 * time.Second

// website is a running demo and a headless Chromium, shared by the
// scenarios of one test: starting them costs seconds.
type website struct {
	stack   *Stack
	browser context.Context // each person of a scenario gets a context of their own
}

// startWebsite starts the demo on free ports and a headless Chromium,
// and waits until central's menu of paris-11 can be ordered from. Both
// stop when the test ends, the browser first so that no event stream
// holds central's shutdown.
func startWebsite(t *testing.T) *website {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	if _, err := os.Stat(chromiumPath()); err != nil {
		t.Fatalf("Chromium is needed for the browser tests (apt-get install chromium): %v", err)
	}

	// The demo, stopped last.
	stack, err := Start(context.Background(), testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stack.Stop(); err != nil {
			t.Errorf("stop the demo: %v", err)
		}
	})

	// The browser, closed first.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1280, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}

	w := &website{stack: stack, browser: browser}
	w.waitMenu(t, "paris-11", "margherita", "reine")
	return w
}

// waitMenu waits until central shows the pizzeria's figures as current
// and each product as orderable: until then the menu has no add buttons.
func (w *website) waitMenu(t *testing.T, pizzeria string, products ...string) {
	t.Helper()
	visitor := &client{t: t, base: w.stack.CentralURL()}
	waitFor(t, time.Minute, pizzeria+"'s menu at central", func() error {
		var menu struct {
			Current  bool
			Products []struct {
				ID        string
				Available bool
				Makeable  int64
			}
		}
		if err := visitor.try("GET", "/api/v1/pizzerias/"+pizzeria+"/menu", nil, http.StatusOK,
			&menu); err != nil {
			return err
		}
		orderable := map[string]bool{}
		for _, p := range menu.Products {
			orderable[p.ID] = p.Available && p.Makeable > 0
		}
		for _, id := range products {
			if !menu.Current || !orderable[id] {
				return fmt.Errorf("current %t, %s orderable %t", menu.Current, id, orderable[id])
			}
		}
		return nil
	})
}

// scenario is one story told in the browser, with its deadline and its
// screenshots numbered in the order of the story.
type scenario struct {
	t        *testing.T
	w        *website
	deadline time.Time
	shot     int
}

// scenario starts a story for the (sub)test t, removing the screenshots
// of an earlier run of it, which would mislead.
func (w *website) scenario(t *testing.T) *scenario {
	s := &scenario{t: t, w: w, deadline: time.Now().Add(scenarioTimeout)}
	stale, _ := filepath.Glob(filepath.Join(screenshotDir(t), s.shotPrefix()+"-*.png"))
	for _, f := range stale {
		_ = os.Remove(f)
	}
	return s
}

// phone opens a browser context of its own (its own cookies) with a
// phone's viewport, bounded by the scenario's deadline.
func (s *scenario) phone() context.Context {
	s.t.Helper()
	tab, cancel := chromedp.NewContext(s.w.browser, chromedp.WithNewBrowserContext())
	s.t.Cleanup(cancel)

	// The tab opens without the deadline: the context of its first action
	// is its life, and the screenshot of a timeout needs it still open.
	if err := chromedp.Do(tab,
		chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile),
	); err != nil {
		s.t.Fatalf("open a phone-sized tab: %v", err)
	}
	ctx, cancelDeadline := context.WithDeadline(tab, s.deadline)
	s.t.Cleanup(cancelDeadline)
	return ctx
}

// run runs browser actions, failing the test with what was being done,
// and with a screenshot of what the page showed when it timed out.
func (s *scenario) run(ctx context.Context, what string,
	actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		s.fail(ctx, what, err)
	}
}

// follow runs an action that loads a page (a link or a form followed,
// with its redirects), and returns the address of the page it landed
// on. It fails the test unless the page answered 200 under want, a prefix
// of the address.
func (s *scenario) follow(ctx context.Context, what string, action chromedp.Action[chromedp.Void],
	want string) *url.URL {
	s.t.Helper()
	resp, err := chromedp.RunResponse(ctx, action)
	if err != nil {
		s.fail(ctx, what, err)
	}
	if resp == nil {
		s.t.Fatalf("%s: no page loaded", what)
	}
	if resp.Status != http.StatusOK || !strings.HasPrefix(resp.URL, want) {
		alert, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
			`(document.querySelector('[role="alert"]') || document.body).innerText`))
		s.screenshot(ctx, "unexpected")
		s.t.Fatalf("%s: landed on %s (status %d), want 200 under %s; the page says: %.300s",
			what, resp.URL, resp.Status, want, alert)
	}
	u, err := url.Parse(resp.URL)
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// fail ends the test with what was being done, after a screenshot of the
// page when time ran out.
func (s *scenario) fail(ctx context.Context, what string, err error) {
	s.t.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		shotCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		s.screenshot(shotCtx, "timeout")
		where, _ := chromedp.Run(shotCtx, chromedp.Evaluate[string](`(function () {
			var region = document.getElementById("statut");
			return location.href + (region ? ", status " + region.dataset.status : "");
		})()`))
		cancel()
		err = fmt.Errorf("%w, on %s", err, where)
	}
	s.t.Fatalf("%s: %v", what, err)
}

// text returns the trimmed text of the first element matching sel, once
// there is one with some text. It reads it in one script, since a live
// region may be replaced between finding an element and reading it.
func (s *scenario) text(ctx context.Context, sel string) string {
	s.t.Helper()
	quoted, _ := json.Marshal(sel)
	v, err := chromedp.Run(ctx, chromedp.Poll[string](`(function () {
		var e = document.querySelector(`+string(quoted)+`);
		return e && e.innerText.trim();
	})()`, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		s.fail(ctx, "read "+sel, err)
	}
	return v
}

// press clicks the first element matching sel as soon as there is one. It
// finds and clicks in one script, since a live region may be replaced
// between the two.
func press(sel string) chromedp.Action[chromedp.Void] {
	quoted, _ := json.Marshal(sel)
	return chromedp.Poll[chromedp.Void](`(function () {
		var e = document.querySelector(`+string(quoted)+`);
		if (e) e.click();
		return !!e;
	})()`, chromedp.WithPollingInterval(100*time.Millisecond))
}

// statusIs waits until the live order page shows an order's raw status,
// as its script swaps the status region in. Only the scenario's deadline
// bounds it.
func statusIs(status string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](
		`document.getElementById("statut").dataset.status === "`+status+`"`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(0))
}

// liveOpen waits until the order page's feed is open.
func liveOpen() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`!document.getElementById("live").hidden`,
		chromedp.WithPollingInterval(100*time.Millisecond))
}

// screenshotDir is where the screenshots go: OCPIZZA_SCREENSHOTS, or
// var/screenshots/website at the root of the repository.
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
			return filepath.Join(dir, "var", "screenshots", "website")
		}
	}
	return filepath.Join(wd, "screenshots")
}

// shotPrefix names the scenario's screenshots: the test's name without
// TestBrowser, its subtest after a dash.
func (s *scenario) shotPrefix() string {
	return strings.ReplaceAll(strings.TrimPrefix(s.t.Name(), "TestBrowser"), "/", "-")
}

// screenshot saves the whole page as a PNG named after the scenario, its
// place in the story and what it shows.
func (s *scenario) screenshot(ctx context.Context, name string) {
	s.t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		s.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := screenshotDir(s.t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.t.Fatal(err)
	}
	s.shot++
	file := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.png", s.shotPrefix(), s.shot, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// centralDB opens central's database, to check what the pages cannot
// show, such as the commands waiting for a pizzeria.
func (s *scenario) centralDB() *pgx.Conn {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.w.stack.DatabaseURL())
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}
