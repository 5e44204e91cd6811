package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
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
// every heartbeat, and ends with the request or the server. Once the
// order is settled (WebOrder.Settled) it sends a "settled" event and
// ends: a page left open on a delivered order holds nothing.
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
	if err := feed.data(last); err != nil || settle(feed, o) {
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
			var o *central.WebOrder
			last, o, err = s.sendWebOrder(ctx, feed, customerID, id, last)
			if err == nil && o != nil && settle(feed, o) {
				return errFeedSettled
			}
			return err
		},
	}.run(ctx, feed)
}

// sendWebOrder reads the order and sends it when it differs from last,
// returning what the customer now sees. A failed reading is logged and
// sent as an "unavailable" event, and the stream goes on.
func (s *Server) sendWebOrder(ctx context.Context, feed *eventWriter, customerID, id string,
	last []byte) ([]byte, *central.WebOrder, error) {
	o, err := s.WebOrders.FindWebOrder(ctx, customerID, id)
	if err != nil {
		return last, nil, s.feedUnavailable(ctx, feed, err, "read a web order for its feed",
			"order_id", id)
	}
	data, err := json.Marshal(o)
	if err != nil || bytes.Equal(data, last) {
		return last, o, err
	}
	return data, o, feed.data(data)
}

// errFeedSettled ends the feed of an order that nothing more will move.
var errFeedSettled = errors.New("web order settled")

// settle tells the client, with a "settled" event, that the order will
// not move again, and reports whether it did: its feed then ends, so that
// a page left open holds nothing.
func settle(feed *eventWriter, o *central.WebOrder) bool {
	if !o.Settled() {
		return false
	}
	_ = feed.event("settled", o.Status)
	return true
}

// customerSessionLive reports whether the customer session of a request
// is still open.
func (s *Server) customerSessionLive(r *http.Request) bool {
	token := sessiontoken.FromRequest(r, CustomerCookie)
	_, err := s.Customers.FindCustomerSession(r.Context(), sessiontoken.Hash(token))
	return err == nil
}
