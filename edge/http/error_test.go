package http

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// newBareServer returns a server on the given services whose log, debug
// included, goes to the returned buffer.
func newBareServer(tb testing.TB, services Services) (*Server, *bytes.Buffer) {
	tb.Helper()
	var logs bytes.Buffer
	s := NewServer(Config{
		Pizzeria: "paris-11",
		Logger:   slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Registry: prometheus.NewRegistry(),
		Ping:     func(context.Context) error { return nil },
	}, services)
	return s, &logs
}

// errorOf decodes an error body.
func errorOf(tb testing.TB, rec *httptest.ResponseRecorder) errorJSON {
	tb.Helper()
	var body errorJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		tb.Fatalf("error body %s: %v", rec.Body, err)
	}
	return body
}

func TestStatusOf(t *testing.T) {
	for code, want := range map[string]int{
		edge.EBADREQUEST: 400, edge.EINVALID: 422, edge.EUNAUTHORIZED: 401, edge.EFORBIDDEN: 403,
		edge.ENOTFOUND: 404, edge.ECONFLICT: 409, edge.ETOOLARGE: 413, edge.EMETHOD: 405,
		edge.EMEDIATYPE: 415, edge.ERATELIMIT: 429, edge.EINTERNAL: 500,
		"made_up": 500, "": 500,
	} {
		if got := statusOf(code); got != want {
			t.Errorf("statusOf(%q) = %d, want %d", code, got, want)
		}
	}
}

// TestUnknownCode checks that an application error of a code the table
// lacks is answered as an internal error, and logged as the bug it is.
func TestUnknownCode(t *testing.T) {
	s, logs := newBareServer(t, Services{})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/menu", nil)
	s.Error(rec, req, &edge.Error{Code: "made_up", Message: "x y"})
	body := errorOf(t, rec)
	if rec.Code != http.StatusInternalServerError || body.Error.Code != edge.EINTERNAL ||
		body.Error.Message != edge.Message(edge.MsgInternal) {
		t.Errorf("answer %d %+v, want 500 internal with the generic sentence", rec.Code, body)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "made_up") {
		t.Errorf("log %q, want an error naming the code", logs)
	}
}

// cancelledUsers is a user service whose session look-up fails as a
// database does when the request's context is cancelled.
type cancelledUsers struct{ edge.UserService }

func (cancelledUsers) FindSession(ctx context.Context, _ []byte) (*edge.Session, error) {
	return nil, fmt.Errorf("find session: %w", ctx.Err())
}

// TestClientGone checks that a request whose client went away is neither
// logged as an error nor counted as a failure of the server.
func TestClientGone(t *testing.T) {
	s, logs := newBareServer(t, Services{Users: cancelledUsers{}})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rec := getMe(ctx, s)

	body := errorOf(t, rec)
	if rec.Code != http.StatusServiceUnavailable || body.Error.Code != edge.EINTERNAL {
		t.Errorf("answer %d %+v, want 503 internal", rec.Code, body)
	}
	log := logs.String()
	if strings.Contains(log, "level=ERROR") || !strings.Contains(log, "level=DEBUG") {
		t.Errorf("log %q, want a debug line and no error", log)
	}
	if got := requestStatuses(t, s); len(got) != 1 || got[0] != "499" {
		t.Errorf("requests counted with statuses %v, want only 499", got)
	}
}

// getMe sends GET /api/v1/me with a bearer token through the server's
// router, so that the session look-up runs, and returns the answer.
func getMe(ctx context.Context, s *Server) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer jeton")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// requestStatuses returns the status labels of the request counter.
func requestStatuses(tb testing.TB, s *Server) []string {
	tb.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(s.requests)
	families, err := reg.Gather()
	if err != nil {
		tb.Fatal(err)
	}
	var statuses []string
	for _, f := range families {
		if f.GetName() != "ocpizza_edge_http_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "status" {
					statuses = append(statuses, l.GetValue())
				}
			}
		}
	}
	return statuses
}

// TestRecoverPanics checks that a panic is answered as an internal error
// and logged with its value and the stack of the handler.
func TestRecoverPanics(t *testing.T) {
	s, logs := newBareServer(t, Services{})
	h := httpserve.Recover(s.log, internalError)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("four en feu")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/orders", nil))

	body := errorOf(t, rec)
	if rec.Code != http.StatusInternalServerError || body.Error.Code != edge.EINTERNAL ||
		strings.Contains(rec.Body.String(), "four en feu") {
		t.Errorf("answer %d %s, want 500 internal without the panic", rec.Code, rec.Body)
	}
	log := logs.String()
	// The stack names the test, whose handler panicked.
	for _, want := range []string{
		"level=ERROR", "four en feu", "stack=", "goroutine", "TestRecoverPanics",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q: %s", want, log)
		}
	}
	if n := strings.Count(log, "level=ERROR"); n != 1 {
		t.Errorf("%d error lines, want the panic logged once: %s", n, log)
	}
}

// panickingUsers is a user service whose session look-up panics.
type panickingUsers struct{ edge.UserService }

func (panickingUsers) FindSession(context.Context, []byte) (*edge.Session, error) {
	panic("four en feu")
}

// TestPanicThroughRouter sends a request whose handling panics through the
// API's own router: answered 500 with the generic sentence, logged once,
// and counted as a 500, so that the error-rate alert sees it.
func TestPanicThroughRouter(t *testing.T) {
	s, logs := newBareServer(t, Services{Users: panickingUsers{}})
	rec := getMe(t.Context(), s)

	body := errorOf(t, rec)
	if rec.Code != http.StatusInternalServerError || body.Error.Code != edge.EINTERNAL {
		t.Errorf("answer %d %+v, want 500 internal", rec.Code, body)
	}
	log := logs.String()
	if n := strings.Count(log, "level=ERROR"); n != 1 || !strings.Contains(log, "four en feu") {
		t.Errorf("%d error lines, want the panic once: %s", n, log)
	}
	if got := requestStatuses(t, s); len(got) != 1 || got[0] != "500" {
		t.Errorf("requests counted with statuses %v, want one 500", got)
	}
}
