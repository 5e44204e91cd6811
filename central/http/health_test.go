package http_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

func TestHealthz(t *testing.T) {
	env := newEnv(t)
	resp := env.do(t, "", "GET", "/healthz", nil)
	resp.wantStatus(t, http.StatusOK)
}

type readiness struct {
	Status   string `json:"status"`
	Database string `json:"database"`
	NATS     string `json:"nats"`
}

func TestReadyz(t *testing.T) {
	env := newEnv(t)
	ready := func(t *testing.T, status int, want readiness) {
		t.Helper()
		resp := env.do(t, "", "GET", "/readyz", nil)
		resp.wantStatus(t, status)
		var got readiness
		resp.decode(t, &got)
		if got != want {
			t.Errorf("readiness %+v, want %+v", got, want)
		}
	}

	ready(t, http.StatusOK, readiness{"ready", "ok", "connected"})
	env.NATS.Store(false)
	ready(t, http.StatusServiceUnavailable, readiness{"not_ready", "ok", "disconnected"})
	env.NATS.Store(true)
	ready(t, http.StatusOK, readiness{"ready", "ok", "connected"})
	env.Server.Stopping()
	ready(t, http.StatusServiceUnavailable, readiness{"stopping", "ok", "connected"})
}

// TestReadyzDatabaseDown checks the answer when the database does not
// answer: a server whose Ping fails.
func TestReadyzDatabaseDown(t *testing.T) {
	srv := centralhttp.NewServer(centralhttp.Config{
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry:      prometheus.NewRegistry(),
		Ping:          func(context.Context) error { return errors.New("connection refused") },
		NATSConnected: func() bool { return true },
	}, centralhttp.Services{})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable ||
		!strings.Contains(rec.Body.String(), `"database":"unreachable"`) {
		t.Errorf("readyz = %d %s, want 503 with the database unreachable", rec.Code, rec.Body)
	}
}

func TestMetrics(t *testing.T) {
	env := newEnv(t)
	bringOnline(t, env)
	env.as(t, central.RoleOps, "GET", "/api/v1/branches", nil).wantStatus(t, http.StatusOK)

	resp := env.do(t, "", "GET", "/metrics", nil)
	resp.wantStatus(t, http.StatusOK)
	text := string(resp.Body)
	for _, s := range []string{
		`ocpizza_central_http_requests_total{method="GET",route="/api/v1/branches",status="200"} 1`,
		`ocpizza_central_http_request_duration_seconds_bucket`,
		`ocpizza_central_branches_up 1`,
		`ocpizza_central_branch_online{pizzeria="paris-11"} 1`,
		`ocpizza_central_branch_online{pizzeria="lyon-2"} 0`,
		`ocpizza_central_branch_backlog{pizzeria="paris-11"} 3`,
		`ocpizza_central_branch_epochs{pizzeria="paris-11"} 2`,
		`ocpizza_central_branch_last_seen_age_seconds{pizzeria="paris-11"}`,
	} {
		if !strings.Contains(text, s) {
			t.Errorf("metrics lack %s", s)
		}
	}
	if strings.Contains(text, `ocpizza_central_branch_last_seen_age_seconds{pizzeria="lyon-2"}`) {
		t.Error("a pizzeria never seen has a last-seen age")
	}
}
