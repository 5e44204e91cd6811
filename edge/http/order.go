package http

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// decodeOrderCreate reads and validates an order request. It is the
// decoder the fuzz test drives.
func decodeOrderCreate(body io.Reader) (edge.OrderCreate, error) {
	var create edge.OrderCreate
	if err := decodeJSON(body, &create); err != nil {
		return create, err
	}
	return create, create.Validate()
}

// handleOrderCreate takes an order at the counter or on the phone, once
// per Idempotency-Key when the till sends one.
func (s *Server) handleOrderCreate(w http.ResponseWriter, r *http.Request) {
	key, err := idempotencyKey(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	create, err := decodeOrderCreate(r.Body)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	create.IdempotencyKey = key
	o, err := s.Orders.CreateOrder(r.Context(), userFrom(r.Context()), create)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/orders/"+o.ID)
	writeJSON(w, http.StatusCreated, o)
}

// idempotencyKey reads the optional Idempotency-Key header: one value of
// 1 to edge.MaxKeyLen printable ASCII characters, or "" when it is absent.
func idempotencyKey(r *http.Request) (string, error) {
	const header = "Idempotency-Key"
	values := r.Header.Values(header)
	if len(values) == 0 {
		return "", nil
	}
	key := values[0]
	notPrintable := func(c rune) bool { return c < ' ' || c > '~' }
	if len(values) > 1 || key == "" || len(key) > edge.MaxKeyLen ||
		strings.ContainsFunc(key, notPrintable) {
		return "", edge.Invalid(header, edge.MsgBadIdempotencyKey, edge.MaxKeyLen)
	}
	return key, nil
}

// handleOrderList lists orders, oldest first, filtered by ?status=,
// ?open=true and ?date=YYYY-MM-DD (a Paris business date). Without a date
// or open=true it lists today's orders: the list stops at ?limit=, so an
// unbounded one would never reach the orders of the day.
func (s *Server) handleOrderList(w http.ResponseWriter, r *http.Request) {
	filter, err := orderFilter(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	orders, err := s.Orders.FindOrders(r.Context(), filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if orders == nil {
		orders = []*edge.Order{}
	}
	writeJSON(w, http.StatusOK, orders)
}

// orderFilter reads and checks the query of an order list. The date is
// today's unless the query gives one or asks for the open orders.
func orderFilter(r *http.Request) (edge.OrderFilter, error) {
	var filter edge.OrderFilter
	q := r.URL.Query()
	if v := q.Get("status"); v != "" {
		status := edge.Status(v)
		if !status.Valid() {
			return filter, edge.Invalid("status", edge.MsgUnknownStatus, v)
		}
		filter.Status = &status
	}
	if v := q.Get("open"); v != "" {
		open, err := strconv.ParseBool(v)
		if err != nil {
			return filter, edge.Invalid("open", edge.MsgBadQuery, "open")
		}
		filter.Open = open
	}

	// The business date: given, or today's unless every open order is asked.
	switch v := q.Get("date"); {
	case v != "":
		if _, err := parseDate(v); err != nil {
			return filter, edge.Invalid("date", edge.MsgBadQuery, "date")
		}
		filter.Date = &v
	case !filter.Open:
		today := edge.BusinessDate(time.Now())
		filter.Date = &today
	}

	limit, err := queryLimit(r, 500, 1000)
	if err != nil {
		return filter, err
	}
	filter.Limit = limit
	return filter, nil
}

// handleOrderGet returns one order with its lines and history.
func (s *Server) handleOrderGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, edge.MsgOrderNotFound)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	o, err := s.Orders.FindOrderByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// handleOrderUpdate changes an order's lines or address before its
// preparation starts.
func (s *Server) handleOrderUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, edge.MsgOrderNotFound)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var upd edge.OrderUpdate
	if err := decodeJSON(r.Body, &upd); err != nil {
		s.Error(w, r, err)
		return
	}
	o, err := s.Orders.UpdateOrder(r.Context(), userFrom(r.Context()), id, upd)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// handleOrderTransition moves an order to another status.
func (s *Server) handleOrderTransition(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, edge.MsgOrderNotFound)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var req edge.TransitionRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	o, err := s.Orders.TransitionOrder(r.Context(), userFrom(r.Context()), id, req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// handleOrderPayment records the money of an order as received.
func (s *Server) handleOrderPayment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, edge.MsgOrderNotFound)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var rec edge.PaymentRecord
	if err := decodeJSON(r.Body, &rec); err != nil {
		s.Error(w, r, err)
		return
	}
	o, err := s.Orders.RecordPayment(r.Context(), userFrom(r.Context()), id, rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}
