package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ocpizza/ocpizza/central"
)

// TestWebOrderMadeWhenTheCustomerLeaves: the customer's connection is
// gone before the order is made (the request's context ended). The
// order is made to the end, payment intent included, so that a second
// try finds it rather than making another.
func TestWebOrderMadeWhenTheCustomerLeaves(t *testing.T) {
	w := newWebEnv(t)
	body, _ := json.Marshal(map[string]any{
		"fulfilment": "pickup", "pizzeria": "paris-11", "payment_method": central.PayOnline,
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 1}},
	})
	// The connection drops once the customer's session is checked.
	gone, cancel := context.WithCancel(context.Background())
	defer cancel()
	w.Server.Customers = leavingCustomers{CustomerService: w.Server.Customers, leave: cancel}
	req := httptest.NewRequestWithContext(gone, http.MethodPost, "/api/v1/customer/orders",
		bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+w.customer)
	rec := httptest.NewRecorder()
	w.Server.ServeHTTP(rec, req)

	if rec.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var o central.WebOrder
	if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil || o.PaymentURL == "" {
		t.Fatalf("order %+v, %v: want its payment page", o, err)
	}
	if got := w.get(t, o.ID); got.State != central.WebAwaitingPayment {
		t.Fatalf("state %s, want awaiting_payment", got.State)
	}
}

// leavingCustomers ends the request's context once the session is found,
// as a customer closing the page would.
type leavingCustomers struct {
	central.CustomerService
	leave context.CancelFunc
}

func (c leavingCustomers) FindCustomerSession(ctx context.Context, hash []byte) (
	*central.CustomerSession, error) {
	defer c.leave()
	return c.CustomerService.FindCustomerSession(ctx, hash)
}
