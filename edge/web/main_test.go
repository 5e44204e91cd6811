package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/edge/web"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// testPizzeria is the pizzeria of every test server.
const testPizzeria = "paris-11"

// testPassword is every test account's password.
const testPassword = "mot-de-passe-test"

// testUsers are one account per role, by username.
var testUsers = map[string]edge.Role{
	"caisse": edge.RoleOrderTaker, "pizzaiolo": edge.RolePizzaiolo, "livreur": edge.RoleDriver,
	"gerant": edge.RoleManager, "siege": edge.RoleHeadOffice, "ops": edge.RoleOps,
}

// fastHash is a cheap argon2id hash of testPassword, so that log-ins do
// not cost 19 MiB each in tests.
var fastHash = func() string {
	h, err := passhash.Hash(testPassword, passhash.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		panic(err)
	}
	return h
}()

// testSite is a web server on a real SQLite database with the demo
// catalog, some stock and one account per role.
type testSite struct {
	t        testing.TB
	db       *sqlite.DB
	srv      *httptest.Server
	site     *web.Server
	requests *httpserve.Requests // the series the pages are counted in
}

// newSite starts a test site; stock gives the opening quantity of each
// ingredient (nil: 100 of everything).
func newSite(t testing.TB, stock map[string]int64) *testSite {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "edge.db"), testPizzeria)
	if err := db.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := t.Context()
	if err := db.ImportCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		t.Fatal(err)
	}

	// Stock, then the accounts.
	ingredients, err := db.FindIngredients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range ingredients {
		qty, ok := stock[i.ID]
		if stock == nil {
			qty, ok = 10_000, true
		}
		if !ok || qty == 0 {
			continue
		}
		_, err := db.RecordMovement(ctx, &edge.User{Username: "test", Role: edge.RoleManager},
			edge.MovementCreate{IngredientID: i.ID, Kind: edge.MovementReceipt, Quantity: qty})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, role := range testUsers {
		scope := testPizzeria
		if role.AllPizzerias() {
			scope = ""
		}
		_, err := db.CreateUser(ctx, edge.UserCreate{Username: name, Role: role, Pizzeria: scope, PasswordHash: fastHash})
		if err != nil {
			t.Fatal(err)
		}
	}

	requests := httpserve.NewRequests("edge")
	site := web.NewServer(web.Config{
		Pizzeria: testPizzeria, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Heartbeat: 50 * time.Millisecond, Requests: requests,
	}, web.Services{
		Catalog: db, Stock: db, Inventory: db, Orders: db, Customers: db, Users: db, Sync: db,
		Reports: db, Changes: db, WebOrders: db,
	})
	srv := httptest.NewServer(site)
	t.Cleanup(func() { site.Close(); srv.Close() })
	return &testSite{t: t, db: db, srv: srv, site: site, requests: requests}
}

// browser is a client with its own cookies that does not follow
// redirects, so that tests see them.
type browser struct {
	site   *testSite
	client *http.Client
}

// anonymous returns a browser with no session.
func (s *testSite) anonymous() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{site: s, client: &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// login returns a browser logged in as username.
func (s *testSite) login(username string) *browser {
	s.t.Helper()
	b := s.anonymous()
	res := b.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.status != http.StatusSeeOther {
		s.t.Fatalf("log in as %s: status %d\n%s", username, res.status, res.body)
	}
	return b
}

// response is a page as the test reads it.
type response struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(req *http.Request) response {
	b.site.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.site.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(body)}
}

// get opens a page, as a browser following a link would.
func (b *browser) get(path string) response {
	req, _ := http.NewRequest(http.MethodGet, b.site.srv.URL+path, nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// post submits a form from one of the site's own pages.
func (b *browser) post(path string, form url.Values) response {
	req, _ := http.NewRequest(http.MethodPost, b.site.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.site.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// order posts the order-taking form of a phone order for Mme Durand.
func (b *browser) order(extra url.Values) response {
	form := url.Values{
		"key": {"k-" + time.Now().Format(time.RFC3339Nano)}, "channel": {"phone"},
		"fulfilment": {"delivery"}, "payment_method": {"cash"}, "phone": {"06 12 34 56 78"},
		"name": {"Mme Durand"}, "address": {"12 rue Oberkampf, 75011 Paris"},
	}
	for k, v := range extra {
		form[k] = v
	}
	return b.post("/order", form)
}

// wantContains fails the test unless the page holds every piece of text.
func wantContains(t testing.TB, res response, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if !strings.Contains(res.body, text) && !strings.Contains(res.body, html.EscapeString(text)) {
			t.Errorf("page (status %d) lacks %q", res.status, text)
		}
	}
}

// waitFor polls cond until it holds or five seconds pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
