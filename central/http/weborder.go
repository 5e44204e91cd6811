package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// paymentCallTimeout bounds the call that creates a payment intent, its
// retries included, while the customer waits on the checkout;
// orderCreateTimeout bounds the whole creation of an order.
const (
	paymentCallTimeout = 15 * time.Second
	orderCreateTimeout = 25 * time.Second
)

// handleWebOrderCreate takes a new order of the customer (SPEC §6):
// POST /api/v1/customer/orders, 202 with the order. Paid on delivery, it
// is offered to its first pizzeria at once; paid online, it carries the
// URL of the provider's payment page and waits for the payment. A request
// repeated with the same Idempotency-Key gets the first one's order.
func (s *Server) handleWebOrderCreate(w http.ResponseWriter, r *http.Request) {
	var req central.WebOrderRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	keys := r.Header.Values("Idempotency-Key")
	if len(keys) > 1 || (len(keys) == 1 && keys[0] == "") {
		s.Error(w, r, central.Invalid("Idempotency-Key", central.MsgBadIdempotencyKey))
		return
	} else if len(keys) == 1 {
		req.ClientKey = keys[0]
	}
	o, err := s.createWebOrder(r, customerFrom(r.Context()), &req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, o)
}

// createWebOrder takes a new order of customer, for the API and the
// checkout page alike. Paid on delivery, it is offered to its first
// pizzeria at once; paid online, it comes back with the URL of the
// provider's payment page and waits for the payment. A request whose key
// made an order already goes on with that order.
func (s *Server) createWebOrder(r *http.Request, customer *central.Customer,
	req *central.WebOrderRequest) (*central.WebOrder, error) {
	if req.PaymentMethod == central.PayOnline && s.Payments == nil {
		return nil, central.Invalid("payment_method", central.MsgOnlinePaymentOff)
	}
	// Once begun, the order is made to the end even if the customer's
	// connection drops: an order committed and then reported as failed
	// would be made again by the next try.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), orderCreateTimeout)
	defer cancel()
	o, err := s.WebOrders.CreateWebOrder(ctx, customer, req)
	if err != nil {
		return nil, err
	}
	return s.resumeWebOrder(r, o)
}

// resumeWebOrder takes a new order, or one a repeated request found, as
// far as it goes here: an online order without its payment intent yet
// gets one. The intent is keyed by the order, so a request repeated while
// the first is still at the provider's gets the same one. Like the order,
// the intent is made to the end even if the customer's connection drops:
// a call cut short would mark a good order failed.
func (s *Server) resumeWebOrder(r *http.Request, o *central.WebOrder) (*central.WebOrder, error) {
	if o.PaymentMethod == central.PayOnline && o.State == central.WebAwaitingPayment &&
		o.PaymentURL == "" {
		if s.Payments == nil {
			return nil, central.Invalid("payment_method", central.MsgOnlinePaymentOff)
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), orderCreateTimeout)
		defer cancel()
		var err error
		if o, err = s.startPayment(r.WithContext(ctx), o); err != nil {
			return nil, err
		}
	}
	s.webOrdersMoved()
	return o, nil
}

// startPayment creates the payment intent of an online order, under a key
// of the order so that a retried call makes one intent, and returns the
// order with its payment URL. When the provider cannot be reached the
// order is marked failed: it is never placed.
func (s *Server) startPayment(r *http.Request, o *central.WebOrder) (*central.WebOrder, error) {
	ctx, cancel := context.WithTimeout(r.Context(), paymentCallTimeout)
	defer cancel()
	p, err := s.Payments.CreatePayment(ctx, &central.PaymentRequest{
		AmountCents: o.TotalCents, Currency: central.PaymentCurrency, Reference: o.ID,
		ReturnURL: s.returnURL(r, o.ID), IdempotencyKey: "order:" + o.ID + ":pay",
	})
	if err != nil {
		s.log.Warn("create payment", "order_id", o.ID, "error", err)
		s.failPayment(r, o.ID)
		return nil, central.Errorm(central.ECONFLICT, central.MsgPaymentUnavailable)
	}
	if err := s.WebOrders.SetWebOrderPayment(r.Context(), o.ID, p); err != nil {
		return nil, err
	}
	return s.WebOrders.FindWebOrder(r.Context(), o.CustomerID, o.ID)
}

// failPayment marks an order whose payment cannot go on as failed: it is
// never placed.
func (s *Server) failPayment(r *http.Request, orderID string) {
	// A fresh context: the request's may be the one that ended.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if err := s.WebOrders.FailWebOrderPayment(ctx, orderID); err != nil {
		s.log.Error("mark web order payment failed", "order_id", orderID, "error", err)
	}
}

// checkPaymentPage checks, before the checkout sends the browser to an
// online order's payment page, that the page is on the origin central is
// configured with: the only one the checkout's policy lets a form lead
// to. Elsewhere the order is marked failed, the fault logged, and the
// customer told that payment is unavailable (ECONFLICT).
func (s *Server) checkPaymentPage(r *http.Request, o *central.WebOrder) error {
	if s.paymentOrigin != "" && sameOrigin(o.PaymentURL, s.paymentOrigin) {
		return nil
	}
	s.log.Error("payment page off its origin", "order_id", o.ID,
		"payment_url", o.PaymentURL, "payment_page_origin", s.paymentOrigin)
	s.failPayment(r, o.ID)
	s.webOrdersMoved()
	return central.Errorm(central.ECONFLICT, central.MsgPaymentUnavailable)
}

// sameOrigin reports whether an absolute http or https URL is on origin,
// given as scheme://host[:port].
func sameOrigin(rawURL, origin string) bool {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Scheme+"://"+u.Host, origin)
}

// returnURL is where the payment page sends the customer back: the
// order's page on the website's public origin, or, when none is
// configured, on the host they ordered from.
func (s *Server) returnURL(r *http.Request, orderID string) string {
	path := "/commandes/" + url.PathEscape(orderID)
	if s.publicURL != "" {
		return s.publicURL + path
	}
	u := url.URL{Scheme: "http", Host: r.Host, Path: path}
	if r.TLS != nil || s.secureCookies {
		u.Scheme = "https"
	}
	return u.String()
}

// handleWebOrderList returns the customer's orders, the newest first:
// GET /api/v1/customer/orders.
func (s *Server) handleWebOrderList(w http.ResponseWriter, r *http.Request) {
	orders, err := s.WebOrders.FindWebOrders(r.Context(), customerFrom(r.Context()).ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if orders == nil {
		orders = []*central.WebOrder{}
	}
	writeJSON(w, http.StatusOK, orders)
}

// handleWebOrderGet returns one of the customer's orders with what its
// pizzeria reports: GET /api/v1/customer/orders/{id}; another's is 404.
func (s *Server) handleWebOrderGet(w http.ResponseWriter, r *http.Request) {
	o, err := s.WebOrders.FindWebOrder(r.Context(), customerFrom(r.Context()).ID, chi.URLParam(r, "id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// handleWebOrderCancel sends the customer's cancel to the pizzeria, which
// decides: POST /api/v1/customer/orders/{id}/cancel, 202 with the order.
// An order not yet paid is cancelled at once.
func (s *Server) handleWebOrderCancel(w http.ResponseWriter, r *http.Request) {
	o, err := s.WebOrders.RequestWebOrderCancel(r.Context(), customerFrom(r.Context()).ID,
		chi.URLParam(r, "id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.webOrdersMoved()
	writeJSON(w, http.StatusAccepted, o)
}

// handleWebOrderChange sends the customer's new lines or address to the
// pizzeria, which decides: PATCH /api/v1/customer/orders/{id}, 202 with
// the order.
func (s *Server) handleWebOrderChange(w http.ResponseWriter, r *http.Request) {
	var change central.WebOrderChange
	if err := decodeJSON(r.Body, &change); err != nil {
		s.Error(w, r, err)
		return
	}
	o, err := s.WebOrders.RequestWebOrderChange(r.Context(), customerFrom(r.Context()).ID,
		chi.URLParam(r, "id"), &change)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.webOrdersMoved()
	writeJSON(w, http.StatusAccepted, o)
}

// webOrdersMoved wakes the live order feeds and the down publisher after
// a request changed web orders (and may have enqueued commands).
func (s *Server) webOrdersMoved() {
	s.webOrders.changed()
	if s.CommandsQueued != nil {
		s.CommandsQueued()
	}
}
