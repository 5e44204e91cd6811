// Package browsertest drives Debian's headless Chromium for the browser
// tests of every module: it starts the browser, opens tabs with their own
// cookies and deadline, clicks and reads live pages, and keeps numbered
// screenshots of each story, one also when a wait times out. The tests
// fail when Chromium is missing, so that CI cannot pass without running
// them; only go test -short skips them.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is the browser the tests drive: OCPIZZA_CHROMIUM, or
// Debian's /usr/bin/chromium.
func ChromiumPath() string {
	if p := os.Getenv("OCPIZZA_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// Require skips the test under -short and fails it when Chromium is
// missing. Start calls it; a test that starts costly servers before the
// browser calls it first.
func Require(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("browser test: skipped under -short")
	}
	if _, err := os.Stat(ChromiumPath()); err != nil {
		tb.Fatalf("Chromium is needed for the browser tests (apt-get install chromium): %v", err)
	}
}

// Start starts a headless Chromium with a window of width × height pixels
// and returns its context, the root of the test's tabs, after Require.
// The browser closes when the test ends, before anything registered with
// Cleanup earlier stops, so that no open page holds a server's shutdown.
func Start(tb testing.TB, width, height int) context.Context {
	tb.Helper()
	Require(tb)

	// The allocator runs the browser process; the first Do starts it.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(ChromiumPath()), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(width, height))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() { cancelRoot(); cancelAlloc() })
	if err := chromedp.Do(root); err != nil {
		tb.Fatalf("start Chromium: %v", err)
	}
	return root
}

// NewTab opens a tab in a new browser context of root (cookies of its
// own), with opts added, and returns it bounded by timeout. The tab is
// opened before the deadline is set: a tab opened under a deadline closes
// with it, and the screenshot of a timeout would be lost. The tab closes
// when the test ends.
func NewTab(tb testing.TB, root context.Context, timeout time.Duration,
	opts ...chromedp.ContextOption) context.Context {
	tb.Helper()
	opts = append([]chromedp.ContextOption{chromedp.WithNewBrowserContext()}, opts...)
	tab, cancelTab := chromedp.NewContext(root, opts...)
	if err := chromedp.Do(tab); err != nil {
		cancelTab()
		tb.Fatalf("open a tab: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(tab, timeout)
	tb.Cleanup(func() { cancelTimeout(); cancelTab() })
	return ctx
}
