package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// The pizzerias of every test server, and the password of its staff.
const (
	testPizzeria = "paris-11"
	testPassword = "mot-de-passe-sûr"
)

// testPizzerias are registered in every test database, by id.
var testPizzerias = map[string]string{
	"paris-11": "Paris Bastille",
	"lyon-2":   "Lyon Confluence",
}

// allRoles are the staff roles, each the name of one test account.
var allRoles = []central.Role{
	central.RoleOrderTaker, central.RolePizzaiolo, central.RoleDriver, central.RoleManager,
	central.RoleHeadOffice, central.RoleOps,
}

// cheapHash keeps password hashing fast in tests; Verify reads the
// parameters back from the hash.
var cheapHash = passhash.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// testEnv is central's HTTP service on a fresh PostgreSQL database with the
// test pizzerias and one logged-in account per role, each named after its
// role.
type testEnv struct {
	DB     *postgres.DB
	Server *centralhttp.Server
	HTTP   *httptest.Server
	Tokens map[central.Role]string
	NATS   *atomic.Bool // what NATSConnected answers

	client *http.Client // follows no redirect
}

// newEnv starts central's HTTP service on a new database.
func newEnv(tb testing.TB) *testEnv {
	tb.Helper()
	db := pgtest.Open(tb)
	return newEnvWith(tb, db, services(db))
}

// newEnvWith starts the service with other services, on a database that
// holds the accounts.
func newEnvWith(tb testing.TB, db *postgres.DB, svc centralhttp.Services) *testEnv {
	tb.Helper()
	ctx := tb.Context()
	e := &testEnv{DB: db, Tokens: map[central.Role]string{}, NATS: &atomic.Bool{}}
	e.NATS.Store(true)

	// The pizzerias and one account per role.
	for id, name := range testPizzerias {
		if err := db.CreatePizzeria(ctx, &central.Pizzeria{ID: id, Name: name}); err != nil {
			tb.Fatalf("create pizzeria %s: %v", id, err)
		}
	}
	hash, err := passhash.Hash(testPassword, cheapHash)
	if err != nil {
		tb.Fatalf("hash: %v", err)
	}
	for _, role := range allRoles {
		u := &central.User{Username: string(role), Role: role, PasswordHash: hash}
		if !role.AllPizzerias() {
			u.PizzeriaID = testPizzeria
		}
		if err := db.CreateUser(ctx, u); err != nil {
			tb.Fatalf("create user %s: %v", role, err)
		}
	}

	// The server, then a session per role through the API itself.
	e.Server = centralhttp.NewServer(centralhttp.Config{
		Logger:        slog.New(slog.NewTextHandler(tb.Output(), nil)),
		Registry:      prometheus.NewRegistry(),
		Ping:          db.Ping,
		NATSConnected: e.NATS.Load,
	}, svc)
	e.HTTP = httptest.NewServer(e.Server)
	tb.Cleanup(e.HTTP.Close)
	e.client = e.HTTP.Client()
	e.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, role := range allRoles {
		e.Tokens[role] = e.login(tb, string(role))
	}
	return e
}

// login opens a new session through the API and returns its token.
func (e *testEnv) login(tb testing.TB, username string) string {
	tb.Helper()
	resp := e.do(tb, "", "POST", "/api/v1/sessions", map[string]string{
		"username": username, "password": testPassword,
	})
	resp.wantStatus(tb, http.StatusCreated)
	var s struct {
		Token string `json:"token"`
	}
	resp.decode(tb, &s)
	if s.Token == "" {
		tb.Fatalf("log-in of %s returned no token", username)
	}
	return s.Token
}

// response is an answer, read whole.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	label  string // method and path, for failure messages
}

// do sends a request with an optional bearer token and body: a string or
// []byte is sent as is, anything else as JSON. Every answer of a
// documented route is checked against openapi.yaml.
func (e *testEnv) do(tb testing.TB, token, method, path string, body any) *response {
	tb.Helper()
	return e.send(tb, method, path, body, func(r *http.Request) {
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
	})
}

// as sends a request as the logged-in user of role.
func (e *testEnv) as(tb testing.TB, role central.Role, method, path string, body any) *response {
	tb.Helper()
	return e.do(tb, e.Tokens[role], method, path, body)
}

// withCookie sends the session token of role as the browser does.
func (e *testEnv) withCookie(role central.Role) func(*http.Request) {
	return func(r *http.Request) {
		r.AddCookie(&http.Cookie{Name: centralhttp.SessionCookie, Value: e.Tokens[role]})
	}
}

// postForm posts a form as a browser on central's own pages does.
func (e *testEnv) postForm(tb testing.TB, path string, form url.Values,
	prepare func(*http.Request)) *response {
	tb.Helper()
	return e.send(tb, "POST", path, form.Encode(), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", e.HTTP.URL)
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		if prepare != nil {
			prepare(r)
		}
	})
}

// send sends a request, letting prepare set its headers.
func (e *testEnv) send(tb testing.TB, method, path string, body any,
	prepare func(*http.Request)) *response {
	tb.Helper()
	req := e.request(tb, tb.Context(), method, path, body)
	prepare(req)
	res, err := e.client.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatalf("%s %s: read body: %v", method, path, err)
	}
	resp := &response{Status: res.StatusCode, Header: res.Header, Body: data, label: method + " " + path}
	loadOpenAPI(tb).CheckResponse(tb, method, path, resp.Status, resp.Header, resp.Body)
	return resp
}

// request builds a request to the test server; a body that is not a
// string or bytes is sent as JSON.
func (e *testEnv) request(tb testing.TB, ctx context.Context, method, path string, body any) *http.Request {
	tb.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			tb.Fatalf("encode body: %v", err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, e.HTTP.URL+path, reader)
	if err != nil {
		tb.Fatalf("new request: %v", err)
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// wantStatus fails the test unless the answer has the status.
func (r *response) wantStatus(tb testing.TB, status int) {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("%s: status %d, want %d; body %s", r.label, r.Status, status, r.Body)
	}
}

// apiError is the body of every JSON error.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

// wantError fails the test unless the answer is a JSON error with the
// status and code, and a message.
func (r *response) wantError(tb testing.TB, status int, code string) apiError {
	tb.Helper()
	r.wantStatus(tb, status)
	var body apiError
	r.decode(tb, &body)
	if body.Error.Code != code || body.Error.Message == "" {
		tb.Fatalf("%s: error %+v, want code %q and a message", r.label, body.Error, code)
	}
	return body
}

// decode reads the JSON body into v.
func (r *response) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("%s: decode %s: %v", r.label, r.Body, err)
	}
}

// cookie returns the cookie of a name the answer set, or nil.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// statusOf sends a request without a body and returns its status without
// reading the body, so that it works on a live feed too.
func (e *testEnv) statusOf(tb testing.TB, token, method, path string) int {
	tb.Helper()
	ctx, cancel := context.WithCancel(tb.Context())
	defer cancel()
	req := e.request(tb, ctx, method, path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.client.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	cancel()
	_ = res.Body.Close()
	return res.StatusCode
}
