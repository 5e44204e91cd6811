package demo

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/syncproto/browsertest"
)

// The browser tests drive the customer website, the payment provider's
// page and the drivers' phone page of a whole demo (real binaries, a
// private PostgreSQL, NATS) in Debian's headless Chromium, with
// browsertest. Their screenshots go to var/screenshots/website.

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
	browsertest.Require(t)

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
	w := &website{stack: stack, browser: browsertest.Start(t, 1280, 900)}
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

// scenario is one story told in the browser, with its deadline, its
// screenshots numbered in the order of the story, and its Run, Text,
// Screenshot and Fail.
type scenario struct {
	*browsertest.Shots
	t        *testing.T
	w        *website
	deadline time.Time
}

// whereStatus says where a page was when time ran out: its address and,
// on an order's page, the status it showed.
const whereStatus = `(function () {
	var region = document.getElementById("statut");
	return location.href + (region ? ", status " + region.dataset.status : "");
})()`

// scenario starts a story for the (sub)test t, removing the screenshots
// of an earlier run of it, which would mislead.
func (w *website) scenario(t *testing.T) *scenario {
	shots := browsertest.NewShots(t, browsertest.ScreenshotDir(t, "website"))
	shots.Where = whereStatus
	return &scenario{Shots: shots, t: t, w: w, deadline: time.Now().Add(scenarioTimeout)}
}

// phone opens a browser context of its own (its own cookies) with a
// phone's viewport, bounded by the scenario's deadline.
func (s *scenario) phone() context.Context {
	s.t.Helper()
	ctx := browsertest.NewTab(s.t, s.w.browser, time.Until(s.deadline))
	s.Run(ctx, "open a phone-sized tab",
		chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile))
	return ctx
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
		s.Fail(ctx, what, err)
	}
	if resp == nil {
		s.t.Fatalf("%s: no page loaded", what)
	}
	if resp.Status != http.StatusOK || !strings.HasPrefix(resp.URL, want) {
		alert, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
			`(document.querySelector('[role="alert"]') || document.body).innerText`))
		s.Screenshot(ctx, "unexpected")
		s.t.Fatalf("%s: landed on %s (status %d), want 200 under %s; the page says: %.300s",
			what, resp.URL, resp.Status, want, alert)
	}
	u, err := url.Parse(resp.URL)
	if err != nil {
		s.t.Fatal(err)
	}
	return u
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
