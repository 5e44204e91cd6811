package http

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// The rhythm of a customer's live order feed.
const (
	webOrderEventSpacing  = 200 * time.Millisecond // changes close together make one push
	webOrderEventInterval = 30 * time.Second       // a reading at least this often
)

// handleWebOrderEvents streams one of the customer's orders as
// server-sent events: GET /api/v1/customer/orders/{id}/events. The whole
// order as JSON in each "data:" line, at once, then after each commit
// that may have moved it (the ingest applied a batch of the pizzerias'
// events and answers; a payment, a request or the routing worker moved
// web orders) and at least every webOrderEventInterval, never twice the
// same. Like the other feeds it sends a comment and checks the session
// every heartbeat, and ends with the request or the server.
func (s *Server) handleWebOrderEvents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	customerID, id := customerFrom(ctx).ID, chi.URLParam(r, "id")
	synced, moved := s.branches.changes(), s.webOrders.changes()

	// The order before the headers, so that another's is a plain 404.
	o, err := s.WebOrders.FindWebOrder(ctx, customerID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	last, _ := json.Marshal(o)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	feed := &eventWriter{w: w, rc: http.NewResponseController(w)}
	if err := feed.write(fmt.Sprintf("retry: %d\ndata: %s\n\n", feedRetryMillis, last)); err != nil {
		return
	}

	tick := time.NewTicker(webOrderEventInterval)
	defer tick.Stop()
	beat := time.NewTicker(s.feedHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.stopped:
			return
		case <-beat.C:
			if !s.customerSessionLive(r) {
				_ = feed.event("session_ended", central.Message(central.MsgLoginRequired))
				return
			}
			if err := feed.comment("ping"); err != nil {
				return
			}
			continue
		case <-synced:
			synced = s.branches.changes()
		case <-moved:
			moved = s.webOrders.changes()
		case <-tick.C:
		}
		if !sleep(ctx, webOrderEventSpacing) {
			return
		}
		if last, err = s.sendWebOrder(ctx, feed, customerID, id, last); err != nil {
			return
		}
	}
}

// sendWebOrder reads the order and sends it when it differs from last,
// returning what the customer now sees. A failed reading is logged and
// sent as an "unavailable" event, and the stream goes on.
func (s *Server) sendWebOrder(ctx context.Context, feed *eventWriter, customerID, id string,
	last []byte) ([]byte, error) {
	o, err := s.WebOrders.FindWebOrder(ctx, customerID, id)
	if err != nil {
		if ctx.Err() != nil {
			return last, ctx.Err()
		}
		s.log.Warn("read a web order for its feed", "order_id", id, "error", err)
		return last, feed.event("unavailable", central.Message(central.MsgInternal))
	}
	data, err := json.Marshal(o)
	if err != nil || bytes.Equal(data, last) {
		return last, err
	}
	return data, feed.write("data: " + string(data) + "\n\n")
}

// customerSessionLive reports whether the customer session of a request
// is still open.
func (s *Server) customerSessionLive(r *http.Request) bool {
	_, err := s.Customers.FindCustomerSession(r.Context(), hashToken(customerTokenFrom(r)))
	return err == nil
}
