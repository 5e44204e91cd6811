package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRolesRefused: a role cannot open another role's pages. The
// menu does not offer them, and the server refuses them when typed in.
func TestBrowserRolesRefused(t *testing.T) {
	p := startPizzeria(t)
	tests := []struct {
		user    string
		own     string // a page of the role, to check the menu on
		refused []string
	}{
		{"livreur", "/dispatch", []string{"/stock", "/order"}},
		{"pizzaiolo", "/kitchen", []string{"/dispatch", "/today"}},
		{"caisse", "/order", []string{"/kitchen", "/stock"}},
	}
	for _, tt := range tests {
		ctx := p.staff(tt.user)
		p.Run(ctx, "open "+tt.own, open(p, tt.own))
		nav := p.Text(ctx, "header.top nav")
		for _, path := range tt.refused {
			links, err := chromedp.Run(ctx, chromedp.Evaluate[int](
				`document.querySelectorAll('nav a[href="`+path+`"]').length`))
			if err != nil || links != 0 {
				t.Errorf("%s's menu (%q) links to %s", tt.user, nav, path)
			}
			res, err := chromedp.Run(ctx, chromedp.NavigateResponse(p.base+path))
			if err != nil {
				t.Fatalf("%s opens %s: %v", tt.user, path, err)
			}
			if res.Status != http.StatusForbidden {
				t.Errorf("%s opens %s: status %d, want 403", tt.user, path, res.Status)
			}
			if msg := p.Text(ctx, ".error-message"); !strings.Contains(msg, "réservée à d'autres rôles") {
				t.Errorf("%s opens %s: page says %q", tt.user, path, msg)
			}
			p.Screenshot(ctx, tt.user+strings.ReplaceAll(path, "/", "-"))
		}
	}
}
