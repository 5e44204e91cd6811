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

type readiness struct {
	Status   string `json:"status"`
	Database string `json:"database"`
	Link     string `json:"link"`
}

// handleReadyz says whether the pizzeria can take orders: its database
// answers and it is not shutting down. It is ready offline, and says so.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()

	body := readiness{Status: "ready", Database: "ok", Link: "offline"}
	if s.online() {
		body.Link = "online"
	}
	status := http.StatusOK
	if err := s.ping(ctx); err != nil {
		s.log.Warn("database not ready", "error", err)
		body.Status, body.Database, status = "not_ready", "unreachable", http.StatusServiceUnavailable
	}
	if s.stopping.Load() {
		body.Status, status = "stopping", http.StatusServiceUnavailable
	}
	writeJSON(w, status, body)
}
