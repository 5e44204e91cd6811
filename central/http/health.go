package http

import (
	"context"
	"net/http"
	"time"
)

// handleHealthz says the process is up.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readiness is the answer of /readyz: overall, then each dependency.
type readiness struct {
	Status   string `json:"status"`   // ready, not_ready or stopping
	Database string `json:"database"` // ok or unreachable
	NATS     string `json:"nats"`     // connected or disconnected
}

// handleReadyz says whether central can serve and ingest: its database
// answers, it is connected to NATS, and it is not shutting down. Unlike an
// edge, central without NATS is not ready: no pizzeria can reach it.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()

	body := readiness{Status: "ready", Database: "ok", NATS: "connected"}
	status := http.StatusOK
	if err := s.ping(ctx); err != nil {
		s.log.Warn("database not ready", "error", err)
		body.Status, body.Database, status = "not_ready", "unreachable", http.StatusServiceUnavailable
	}
	if !s.natsConnected() {
		body.Status, body.NATS, status = "not_ready", "disconnected", http.StatusServiceUnavailable
	}
	if s.stopping.Load() {
		body.Status, status = "stopping", http.StatusServiceUnavailable
	}
	writeJSON(w, status, body)
}
