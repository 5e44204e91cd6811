package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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

// TestWebOrderFeedEndsWhenSettled: the feed of an order that will not
// move again (its card declined) sends it, says "settled", and ends.
func TestWebOrderFeedEndsWhenSettled(t *testing.T) {
	w := newWebEnv(t)
	o := w.order(t, central.PayOnline)
	w.payWith(t, o, "4000000000000002")
	eventually(t, "payment failed", func() bool {
		return w.get(t, o.ID).State == central.WebPaymentFailed
	})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := w.request(t, ctx, "GET", "/api/v1/customer/orders/"+o.ID+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+w.customer)
	resp, err := w.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body) // returns only if the feed ends
	if err != nil {
		t.Fatalf("the feed did not end: %v", err)
	}
	if !strings.Contains(string(body), `"state":"payment_failed"`) ||
		!strings.Contains(string(body), "event: settled") {
		t.Fatalf("feed of a settled order:\n%s", body)
	}
}
