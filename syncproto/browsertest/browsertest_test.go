package browsertest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// page shows its button late, and its answer later still, as a live page
// does: the helpers must wait for both.
const page = `<!doctype html><title>t</title><body><p id="out"> </p><script>
setTimeout(function () {
	var b = document.createElement("button");
	b.id = "go";
	b.textContent = "Go";
	b.onclick = function () {
		setTimeout(function () { document.getElementById("out").textContent = "  pressed "; }, 200);
	};
	document.body.appendChild(b);
}, 300);
</script></body>`

// serve serves page until the test ends.
func serve(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, page)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestScreenshotDir(t *testing.T) {
	// At the root of the repository, beside go.work.
	t.Setenv("OCPIZZA_SCREENSHOTS", "")
	dir := ScreenshotDir(t, "things")
	if _, err := os.Stat(filepath.Join(dir, "..", "..", "..", "go.work")); err != nil ||
		!strings.HasSuffix(dir, filepath.Join("var", "screenshots", "things")) {
		t.Errorf("screenshot dir %s, want var/screenshots/things beside go.work (%v)", dir, err)
	}

	// Where OCPIZZA_SCREENSHOTS says.
	t.Setenv("OCPIZZA_SCREENSHOTS", "/somewhere/else")
	if dir := ScreenshotDir(t, "things"); dir != "/somewhere/else" {
		t.Errorf("screenshot dir %s, want /somewhere/else", dir)
	}
}

func TestBrowserShots(t *testing.T) {
	url := serve(t)
	root := Start(t, 800, 600)
	dir := t.TempDir()

	// A screenshot of an earlier run goes; another test's stays.
	for _, f := range []string{"Shots-07-old.png", "ShotsElse-01-other.png"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("png"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shots := NewShots(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "Shots-07-old.png")); !os.IsNotExist(err) {
		t.Errorf("stale screenshot still there (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ShotsElse-01-other.png")); err != nil {
		t.Errorf("another test's screenshot removed: %v", err)
	}

	// Press waits for the button, Text for the answer.
	tab := NewTab(t, root, 20*time.Second)
	shots.Run(tab, "open the page", chromedp.Navigate(url))
	first := shots.Screenshot(tab, "opened")
	shots.Run(tab, "press go", Press("#go"))
	if got := shots.Text(tab, "#out"); got != "pressed" {
		t.Errorf("text %q, want pressed", got)
	}
	second := shots.Screenshot(tab, "pressed")
	if filepath.Base(first) != "Shots-01-opened.png" ||
		filepath.Base(second) != "Shots-02-pressed.png" {
		t.Errorf("screenshots %s, %s", first, second)
	}
}

// fatalRecorder stands for a test in Fail, keeping what it would end the
// test with.
type fatalRecorder struct {
	testing.TB
	msg string
}

// Fatalf keeps the message and ends the goroutine, as testing.T does.
func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestBrowserTimeout(t *testing.T) {
	url := serve(t)
	root := Start(t, 800, 600)
	dir := t.TempDir()

	// A wait that never ends, in a tab with a short deadline.
	rec := &fatalRecorder{TB: t}
	shots := NewShots(rec, dir)
	tab := NewTab(t, root, 2*time.Second)
	done := make(chan struct{})
	go func() {
		defer close(done)
		shots.Run(tab, "wait for nothing", chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.ID("never")))
	}()
	<-done

	// The test fails with where the page was, and its screenshot is kept.
	if !strings.HasPrefix(rec.msg, "wait for nothing: "+context.DeadlineExceeded.Error()) ||
		!strings.HasSuffix(rec.msg, "on "+url+"/") {
		t.Errorf("failure %q, want the deadline and the page", rec.msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "Timeout-01-timeout.png")); err != nil {
		t.Errorf("no screenshot of the timeout: %v", err)
	}
}
