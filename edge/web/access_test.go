package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

func TestRolesAreRefusedOtherPages(t *testing.T) {
	site := newSite(t, nil)
	forbidden := edge.Message(edge.MsgPageForbidden)

	tests := []struct {
		user   string
		method string
		path   string
		want   int
	}{
		{"caisse", "GET", "/order", http.StatusOK},
		{"caisse", "GET", "/kitchen", http.StatusForbidden},
		{"caisse", "GET", "/stock", http.StatusForbidden},
		{"caisse", "POST", "/stock/movements", http.StatusForbidden},
		{"pizzaiolo", "GET", "/kitchen", http.StatusOK},
		{"pizzaiolo", "GET", "/kitchen/live", http.StatusOK},
		{"pizzaiolo", "GET", "/order", http.StatusForbidden},
		{"pizzaiolo", "POST", "/order", http.StatusForbidden},
		{"pizzaiolo", "GET", "/dispatch", http.StatusForbidden},
		{"livreur", "GET", "/dispatch", http.StatusOK},
		{"livreur", "GET", "/kitchen/live", http.StatusForbidden},
		{"livreur", "GET", "/today", http.StatusForbidden},
		{"gerant", "GET", "/stock", http.StatusOK},
		{"gerant", "GET", "/today", http.StatusOK},
		{"gerant", "GET", "/kitchen", http.StatusOK},
		{"siege", "GET", "/stock", http.StatusOK},
		{"siege", "POST", "/stock/count", http.StatusForbidden},
		{"siege", "GET", "/order", http.StatusForbidden},
		{"ops", "GET", "/link", http.StatusOK},
		{"ops", "GET", "/orders", http.StatusForbidden},
	}
	browsers := map[string]*browser{}
	for _, tt := range tests {
		t.Run(tt.user+" "+tt.method+" "+tt.path, func(t *testing.T) {
			b := browsers[tt.user]
			if b == nil {
				b = site.login(tt.user)
				browsers[tt.user] = b
			}
			var res response
			if tt.method == "POST" {
				res = b.post(tt.path, url.Values{"quantity": {"1"}})
			} else {
				res = b.get(tt.path)
			}
			if res.status != tt.want {
				t.Fatalf("status %d, want %d", res.status, tt.want)
			}
			if tt.want == http.StatusForbidden && !strings.Contains(res.body, "autres rôles") &&
				!strings.Contains(res.body, edge.Message(edge.MsgForbidden)) {
				t.Errorf("403 page without its sentence %q", forbidden)
			}
		})
	}
}

func TestNavigationShowsOnlyTheRolesPages(t *testing.T) {
	site := newSite(t, nil)
	tests := []struct {
		user      string
		shown     []string
		notShown  []string
		firstPage string
	}{
		{"caisse", []string{`href="/order"`, `href="/orders"`}, []string{`href="/kitchen"`, `href="/stock"`}, "/order"},
		{"pizzaiolo", []string{`href="/kitchen"`}, []string{`href="/order"`, `href="/dispatch"`}, "/orders"},
		{"livreur", []string{`href="/dispatch"`}, []string{`href="/kitchen"`, `href="/today"`}, "/orders"},
		{"ops", []string{`href="/link"`}, []string{`href="/orders"`}, "/link"},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			b := site.login(tt.user)
			home := b.get("/")
			if home.status != http.StatusSeeOther || home.header.Get("Location") != tt.firstPage {
				t.Fatalf("home: %d to %q, want %s", home.status, home.header.Get("Location"), tt.firstPage)
			}
			page := b.get(tt.firstPage)
			wantContains(t, page, tt.shown...)
			for _, link := range tt.notShown {
				if strings.Contains(page.body, link) {
					t.Errorf("navigation of %s shows %s", tt.user, link)
				}
			}
		})
	}
}

func TestLoginRequired(t *testing.T) {
	site := newSite(t, nil)
	b := site.anonymous()

	// A page sends the browser to log in, and back afterwards.
	res := b.get("/kitchen")
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?next=%2Fkitchen" {
		t.Fatalf("GET /kitchen without a session: %d to %q", res.status, res.header.Get("Location"))
	}
	res = b.post("/login", url.Values{"username": {"pizzaiolo"}, "password": {testPassword}, "next": {"/kitchen"}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/kitchen" {
		t.Fatalf("log in: %d to %q, want /kitchen", res.status, res.header.Get("Location"))
	}

	// A live refresh without a session gets a 401 for the script.
	req, _ := http.NewRequest(http.MethodGet, site.srv.URL+"/kitchen/live", nil)
	req.Header.Set("X-Fragment", "1")
	if res := site.anonymous().do(req); res.status != http.StatusUnauthorized {
		t.Errorf("fragment without a session: status %d, want 401", res.status)
	}

	// A return path off the site is dropped.
	res = site.anonymous().post("/login", url.Values{"username": {"caisse"}, "password": {testPassword},
		"next": {"//evil.example/"}})
	if res.header.Get("Location") != "/" {
		t.Errorf("next=//evil.example/ redirected to %q, want /", res.header.Get("Location"))
	}
}

func TestLoginErrorsAndCookie(t *testing.T) {
	site := newSite(t, nil)

	// Wrong password and missing field: the form again, with a sentence.
	res := site.anonymous().post("/login", url.Values{"username": {"caisse"}, "password": {"faux-mot-de-passe"}})
	if res.status != http.StatusUnauthorized {
		t.Errorf("wrong password: status %d, want 401", res.status)
	}
	wantContains(t, res, edge.Message(edge.MsgBadCredentials), `id="login-error"`)
	res = site.anonymous().post("/login", url.Values{"username": {"caisse"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Errorf("no password: status %d, want 422", res.status)
	}
	wantContains(t, res, edge.Message(edge.MsgRequired))

	// The session cookie is HttpOnly and SameSite=Strict.
	res = site.anonymous().post("/login", url.Values{"username": {"caisse"}, "password": {testPassword}})
	cookie := res.header.Get("Set-Cookie")
	for _, attr := range []string{"ocpizza_session=", "HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("session cookie %q lacks %s", cookie, attr)
		}
	}

	// Logging out ends the session on the server, not only the cookie.
	b := site.login("caisse")
	saved := b.client.Jar.Cookies(mustURL(t, site.srv.URL))
	if res := b.post("/logout", nil); res.status != http.StatusSeeOther {
		t.Fatalf("log out: status %d", res.status)
	}
	b.client.Jar.SetCookies(mustURL(t, site.srv.URL), saved)
	if res := b.get("/order"); res.status != http.StatusSeeOther {
		t.Errorf("old session after log-out: status %d, want a redirect to log in", res.status)
	}
}

func TestCrossSiteFormsRefused(t *testing.T) {
	site := newSite(t, nil)
	b := site.login("caisse")
	form := url.Values{"channel": {"phone"}, "fulfilment": {"pickup"}, "payment_method": {"cash"},
		"name": {"X"}, "phone": {"0612345678"}, "qty.reine": {"1"}}

	tests := []struct {
		name    string
		headers map[string]string
	}{
		{"sec-fetch-site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"origin of another site", map[string]string{"Origin": "http://evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, site.srv.URL+"/order", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			res := b.do(req)
			if res.status != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.status)
			}
			wantContains(t, res, edge.Message(edge.MsgCrossOrigin))
		})
	}
	orders, err := site.db.FindOrders(t.Context(), edge.OrderFilter{})
	if err != nil || len(orders) != 0 {
		t.Errorf("cross-site posts took %d orders (%v), want none", len(orders), err)
	}
}

func TestUnknownPageAndAssets(t *testing.T) {
	site := newSite(t, nil)
	b := site.login("gerant")
	res := b.get("/nulle-part")
	if res.status != http.StatusNotFound {
		t.Errorf("unknown page: status %d", res.status)
	}
	wantContains(t, res, edge.Message(edge.MsgRouteNotFound), `href="/stock"`)

	// Assets are embedded, versioned and cacheable.
	for _, name := range []string{"style.css", "app.js"} {
		res := b.get("/assets/" + name)
		if res.status != http.StatusOK || res.header.Get("ETag") == "" || len(res.body) < 1000 {
			t.Errorf("asset %s: status %d, etag %q, %d bytes", name, res.status, res.header.Get("ETag"), len(res.body))
		}
	}
}

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
