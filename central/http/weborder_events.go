package http

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
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
	changes := watch(s.branches, s.webOrders)

	// The order before the headers, so that another's is a plain 404.
	o, err := s.WebOrders.FindWebOrder(ctx, customerID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	last, _ := json.Marshal(o)
	feed := openFeed(w)
	if err := feed.data(last); err != nil {
		return
	}

	feedLoop{
		changes:   changes,
		interval:  webOrderEventInterval,
		settle:    webOrderEventSpacing,
		heartbeat: s.feedHeartbeat,
		stop:      s.stopped,
		alive:     func() bool { return s.customerSessionLive(r) },
		push: func(ctx context.Context) error {
			last, err = s.sendWebOrder(ctx, feed, customerID, id, last)
			return err
		},
	}.run(ctx, feed)
}

// sendWebOrder reads the order and sends it when it differs from last,
// returning what the customer now sees. A failed reading is logged and
// sent as an "unavailable" event, and the stream goes on.
func (s *Server) sendWebOrder(ctx context.Context, feed *eventWriter, customerID, id string,
	last []byte) ([]byte, error) {
	o, err := s.WebOrders.FindWebOrder(ctx, customerID, id)
	if err != nil {
		return last, s.feedUnavailable(ctx, feed, err, "read a web order for its feed",
			"order_id", id)
	}
	data, err := json.Marshal(o)
	if err != nil || bytes.Equal(data, last) {
		return last, err
	}
	return data, feed.data(data)
}

// customerSessionLive reports whether the customer session of a request
// is still open.
func (s *Server) customerSessionLive(r *http.Request) bool {
	_, err := s.Customers.FindCustomerSession(r.Context(), hashToken(customerTokenFrom(r)))
	return err == nil
}
