package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ScreenshotDir is where the screenshots of a module's browser tests go:
// OCPIZZA_SCREENSHOTS, or var/screenshots/name at the root of the
// repository (the folder holding go.work).
func ScreenshotDir(tb testing.TB, name string) string {
	tb.Helper()
	if dir := os.Getenv("OCPIZZA_SCREENSHOTS"); dir != "" {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for dir := wd; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return filepath.Join(dir, "var", "screenshots", name)
		}
	}
	return filepath.Join(wd, "screenshots")
}

// Shots is the record of one story told in the browser: its screenshots,
// numbered in the order of the story, and the failure of the test with
// what was being done, after a screenshot of the page when time ran out.
type Shots struct {
	// Where is a script whose string value a timeout's error ends with, to
	// say where the page was; location.href when empty.
	Where string

	tb     testing.TB
	dir    string
	prefix string
	n      int
}

// NewShots starts the record of the test tb's story in dir. Its
// screenshots are named after the test without TestBrowser, a subtest's
// name after a dash. Those of an earlier run of it, which would mislead,
// are removed.
func NewShots(tb testing.TB, dir string) *Shots {
	tb.Helper()
	s := &Shots{tb: tb, dir: dir,
		prefix: strings.ReplaceAll(strings.TrimPrefix(tb.Name(), "TestBrowser"), "/", "-")}
	stale, err := filepath.Glob(filepath.Join(dir, s.prefix+"-*.png"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// Screenshot saves the whole page of ctx as a PNG named after the story,
// its place in it and what it shows, and returns the file's path. A page
// that cannot be captured fails the test but lets it go on.
func (s *Shots) Screenshot(ctx context.Context, name string) string {
	s.tb.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		s.tb.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		s.tb.Fatal(err)
	}
	s.n++
	file := filepath.Join(s.dir, fmt.Sprintf("%s-%02d-%s.png", s.prefix, s.n, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		s.tb.Fatal(err)
	}
	return file
}

// Run runs browser actions in ctx, failing the test as Fail does.
func (s *Shots) Run(ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	s.tb.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		s.Fail(ctx, what, err)
	}
}

// Text returns the trimmed text of the first element matching the CSS
// selector sel, as TextOf does, failing the test as Fail does.
func (s *Shots) Text(ctx context.Context, sel string) string {
	s.tb.Helper()
	text, err := chromedp.Run(ctx, TextOf(sel))
	if err != nil {
		s.Fail(ctx, "read "+sel, err)
	}
	return text
}

// Fail ends the test with what was being done and err. When ctx's
// deadline ran out, it first saves a screenshot of the page, named
// timeout, and says where the page was.
func (s *Shots) Fail(ctx context.Context, what string, err error) {
	s.tb.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		// The tab outlives its deadline: a few more seconds to look at it.
		shotCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		s.Screenshot(shotCtx, "timeout")
		where := s.Where
		if where == "" {
			where = "location.href"
		}
		at, _ := chromedp.Run(shotCtx, chromedp.Evaluate[string](where))
		cancel()
		err = fmt.Errorf("%w, on %s", err, at)
	}
	s.tb.Fatalf("%s: %v", what, err)
}
