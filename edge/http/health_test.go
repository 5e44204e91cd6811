package http_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

func TestHealthz(t *testing.T) {
	env := newEnv(t)
	resp := env.do(t, "", "GET", "/healthz", nil)
	resp.wantStatus(t, http.StatusOK)
	var body map[string]string
	resp.decode(t, &body)
	if body["status"] != "ok" {
		t.Errorf("healthz %v, want status ok", body)
	}
}

func TestReadyz(t *testing.T) {
	env := newEnv(t)
	var body struct{ Status, Database, Link string }

	// Ready without a link to central, and saying so.
	resp := env.do(t, "", "GET", "/readyz", nil)
	resp.wantStatus(t, http.StatusOK)
	resp.decode(t, &body)
	if body.Status != "ready" || body.Database != "ok" || body.Link != "offline" {
		t.Errorf("readyz %+v, want ready, database ok, link offline", body)
	}

	// Not ready once it drains to stop.
	env.Server.Stopping()
	resp = env.do(t, "", "GET", "/readyz", nil)
	resp.wantStatus(t, http.StatusServiceUnavailable)
	resp.decode(t, &body)
	if body.Status != "stopping" {
		t.Errorf("readyz while stopping %+v, want status stopping", body)
	}
}

func TestMetrics(t *testing.T) {
	env := newEnv(t)
	env.createOrder(t, edge.FulfilmentPickup)
	env.as(t, manager, "GET", "/api/v1/orders/unknown", nil).wantStatus(t, http.StatusNotFound)
	st := env.syncStatus(t)

	resp := env.do(t, "", "GET", "/metrics", nil)
	resp.wantStatus(t, http.StatusOK)
	samples := parseMetrics(t, resp.Body)
	for _, name := range []string{
		"ocpizza_edge_outbox_backlog",
		"ocpizza_edge_outbox_last_seq",
		"ocpizza_edge_outbox_oldest_pending_age_seconds",
	} {
		if _, ok := samples[name]; !ok {
			t.Errorf("metrics lack %s", name)
		}
	}
	if got := samples["ocpizza_edge_outbox_backlog"]; got != float64(st.Backlog) || got == 0 {
		t.Errorf("outbox backlog %v, want %d", got, st.Backlog)
	}
	if got := samples["ocpizza_edge_outbox_last_seq"]; got != float64(st.LastSeq) {
		t.Errorf("outbox last seq %v, want %d", got, st.LastSeq)
	}

	// Requests are counted by route pattern, not by concrete path.
	created := `ocpizza_edge_http_requests_total{method="POST",route="/api/v1/orders",status="201"}`
	notFound := `ocpizza_edge_http_requests_total{method="GET",route="/api/v1/orders/{id}",status="404"}`
	for _, series := range []string{created, notFound} {
		if samples[series] < 1 {
			t.Errorf("metrics lack %s", series)
		}
	}
	if bytes.Contains(resp.Body, []byte("/api/v1/orders/unknown")) {
		t.Error("a concrete order path made a metric series")
	}
}

// parseMetrics reads the Prometheus text format into series → value.
func parseMetrics(tb testing.TB, body []byte) map[string]float64 {
	tb.Helper()
	samples := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		i := strings.LastIndexByte(text, ' ')
		v, err := strconv.ParseFloat(text[i+1:], 64)
		if i < 0 || err != nil {
			tb.Fatalf("metric line %q: %v", text, err)
		}
		samples[text[:i]] = v
	}
	return samples
}

func TestWrongMethod(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/metrics", "/healthz", "/api/v1/sessions"} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, e.HTTP.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.HTTP.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code, Message string }
		}
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusMethodNotAllowed || body.Error.Code != edge.EMETHOD ||
			body.Error.Message == "" {
			t.Errorf("PUT %s = %d %+v (%v), want 405 %s with a message", path, res.StatusCode, body, err, edge.EMETHOD)
		}
	}
}
