package browsertest

import (
	"encoding/json"
	"time"

	"github.com/chromedp/chromedp"
)

// pollEvery is how often the helpers look at the page again: often enough
// not to slow a story, rarely enough to leave the page's scripts time.
const pollEvery = 100 * time.Millisecond

// Press clicks the first element matching the CSS selector sel as soon
// as there is one. It finds and clicks in one script, since a live region
// may be replaced between the two.
func Press(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`(function () {
		var e = document.querySelector(`+quote(sel)+`);
		if (e) e.click();
		return !!e;
	})()`, chromedp.WithPollingInterval(pollEvery))
}

// TextOf returns the trimmed text of the first element matching the CSS
// selector sel, once there is one with some text. It reads it in one
// script, since a live region may be replaced between finding an element
// and reading it.
func TextOf(sel string) chromedp.Action[string] {
	return chromedp.Poll[string](`(function () {
		var e = document.querySelector(`+quote(sel)+`);
		return e && e.innerText.trim();
	})()`, chromedp.WithPollingInterval(pollEvery))
}

// quote writes s as a JavaScript string literal.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
