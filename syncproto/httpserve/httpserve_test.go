package httpserve

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestRecover(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	answered := 0
	recoverPanics := Recover(log, func(w http.ResponseWriter, _ *http.Request) {
		answered++
		http.Error(w, "internal", http.StatusInternalServerError)
	})

	// A panic: logged with its stack, answered by internal.
	h := recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("oven on fire") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/orders", nil))
	if rec.Code != http.StatusInternalServerError || answered != 1 {
		t.Errorf("answer %d after %d calls of internal", rec.Code, answered)
	}
	for _, want := range []string{"level=ERROR", "oven on fire", "path=/orders", "stack="} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log %q lacks %q", logs.String(), want)
		}
	}

	// No panic: untouched.
	ok := recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	rec = httptest.NewRecorder()
	ok.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusTeapot || answered != 1 {
		t.Errorf("answer %d, internal called %d times", rec.Code, answered)
	}

	// http.ErrAbortHandler goes on up to net/http.
	abort := recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", v)
		}
	}()
	abort.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	t.Error("http.ErrAbortHandler was swallowed")
}

func TestInstrument(t *testing.T) {
	q := NewRequests("test")
	reg := prometheus.NewRegistry()
	reg.MustRegister(q)
	r := chi.NewRouter()
	r.Use(q.Instrument)
	r.Get("/orders/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) })
	r.Get("/feed", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("data: 1\n\n")) })
	r.Get("/slow", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })

	serve := func(path string, gone bool) {
		ctx, cancel := context.WithCancel(context.Background())
		if gone {
			cancel()
		}
		defer cancel()
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(ctx, "GET", path, nil))
	}
	serve("/orders/o1", false)
	serve("/orders/o2", false)
	serve("/feed", true) // a live feed the client closed, after its 200
	serve("/slow", true) // a client gone before its answer
	serve("/nowhere", false)

	count := func(route, status string) float64 {
		return testutil.ToFloat64(q.total.WithLabelValues("GET", route, status))
	}
	for _, c := range []struct {
		route, status string
		want          float64
	}{
		{"/orders/{id}", "404", 2}, {"/feed", "200", 1}, {"/feed", "499", 0},
		{"/slow", "499", 1}, {"/slow", "503", 0}, {"unmatched", "404", 1},
	} {
		if got := count(c.route, c.status); got != c.want {
			t.Errorf("%s %s counted %v times, want %v", c.route, c.status, got, c.want)
		}
	}
	if n := testutil.CollectAndCount(q, "ocpizza_test_http_request_duration_seconds"); n != 4 {
		t.Errorf("%d duration series, want one per route: 4", n)
	}
}

// TestPanicIsCounted chains the two as the services do: Instrument first,
// so that the 500 Recover writes for a panic is counted.
func TestPanicIsCounted(t *testing.T) {
	q := NewRequests("test")
	r := chi.NewRouter()
	r.Use(q.Instrument, Recover(slog.New(slog.DiscardHandler), func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	r.Get("/orders/{id}", func(http.ResponseWriter, *http.Request) { panic("oven on fire") })

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/orders/o1", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("answer %d, want 500", rec.Code)
	}
	if n := testutil.ToFloat64(q.total.WithLabelValues("GET", "/orders/{id}", "500")); n != 1 {
		t.Errorf("the panic's 500 counted %v times, want 1", n)
	}
}
