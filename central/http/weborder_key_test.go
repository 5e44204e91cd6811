package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// keyedOrder posts the test order of webEnv.order with the given
// Idempotency-Key header values.
func (w *webEnv) keyedOrder(t *testing.T, method string, keys ...string) *response {
	t.Helper()
	return w.send(t, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "delivery", "payment_method": method,
		"address": map[string]string{"street": "12 rue de la Roquette", "postcode": "75011", "city": "Paris"},
		"lines":   []map[string]any{{"product_id": "margherita", "quantity": 2}},
	}, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+w.customer)
		for _, k := range keys {
			r.Header.Add("Idempotency-Key", k)
		}
	})
}

// TestWebOrderIdempotencyKey sends an online order twice with one key, as
// a client retrying after a lost answer does: one order, one payment
// page. A malformed key is refused and writes nothing.
func TestWebOrderIdempotencyKey(t *testing.T) {
	w := newWebEnv(t)
	first := w.keyedOrder(t, central.PayOnline, "7d0c5a3e-retry")
	first.wantStatus(t, http.StatusAccepted)
	again := w.keyedOrder(t, central.PayOnline, "7d0c5a3e-retry")
	again.wantStatus(t, http.StatusAccepted)
	var a, b central.WebOrder
	first.decode(t, &a)
	again.decode(t, &b)
	if a.ID != b.ID || a.PaymentURL == "" || a.PaymentURL != b.PaymentURL {
		t.Fatalf("retry: %s %q, first: %s %q", b.ID, b.PaymentURL, a.ID, a.PaymentURL)
	}
	if n := w.countWebOrders(t); n != 1 {
		t.Fatalf("%d orders from one key", n)
	}

	for name, keys := range map[string][]string{
		"empty": {""}, "twice": {"k1", "k2"}, "not ascii": {"clé"},
	} {
		w.keyedOrder(t, central.PayOnDelivery, keys...).wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
		if n := w.countWebOrders(t); n != 1 {
			t.Fatalf("%s key: %d orders", name, n)
		}
	}

	// Without a key, each request is an order.
	w.order(t, central.PayOnDelivery)
	if n := w.countWebOrders(t); n != 2 {
		t.Fatalf("%d orders after one without a key", n)
	}
}

// TestWebOrderOpenCapAPI fills the customer's open orders to the cap:
// the next is 409 with the sentence, and nothing is written.
func TestWebOrderOpenCapAPI(t *testing.T) {
	w := newWebEnv(t)
	for range central.MaxOpenWebOrders {
		w.order(t, central.PayOnline)
	}
	e := w.keyedOrder(t, central.PayOnDelivery).wantError(t, http.StatusConflict, central.ECONFLICT)
	if want := central.Message(central.MsgTooManyOpenOrders, central.MaxOpenWebOrders); e.Error.Message != want {
		t.Fatalf("message %q, want %q", e.Error.Message, want)
	}
	if n := w.countWebOrders(t); n != central.MaxOpenWebOrders {
		t.Fatalf("%d orders after the refusal", n)
	}
}

// TestPaymentReturnsToThePublicURL orders online with a forged Host
// header: the payment page sends the customer back to the website's
// configured origin, not to the host the request named.
func TestPaymentReturnsToThePublicURL(t *testing.T) {
	w := newWebEnv(t)
	centralhttp.SetPublicURL(w.Server, "https://commande.example.fr")
	resp := w.send(t, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "pickup", "pizzeria": "paris-11", "payment_method": "online",
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 1}},
	}, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+w.customer)
		r.Host = "phishing.example"
	})
	resp.wantStatus(t, http.StatusAccepted)
	var o central.WebOrder
	resp.decode(t, &o)
	back := w.payReturn(t, o.PaymentURL, "4242424242424242")
	if want := "https://commande.example.fr/commandes/" + o.ID; !strings.HasPrefix(back, want) {
		t.Fatalf("the payment page returns to %q, want %s", back, want)
	}
}

// cancellingProvider is the payment provider as seen by a request whose
// customer goes away just as central calls the provider.
type cancellingProvider struct {
	central.PaymentProvider
	cancel context.CancelFunc
}

func (p *cancellingProvider) CreatePayment(ctx context.Context,
	req *central.PaymentRequest) (*central.Payment, error) {
	p.cancel()
	return p.PaymentProvider.CreatePayment(ctx, req)
}

// TestReplayCutShortKeepsTheOrder repeats a keyed request while the first
// one's order still waits for its payment intent, and the customer's
// connection drops as central calls the provider: the intent is made all
// the same, and the order is not marked failed.
func TestReplayCutShortKeepsTheOrder(t *testing.T) {
	w := newWebEnv(t)
	anna, err := w.DB.FindCustomerByEmail(t.Context(), "anna@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	req := &central.WebOrderRequest{Fulfilment: "pickup", Pizzeria: "paris-11",
		PaymentMethod: central.PayOnline, ClientKey: "slow-provider",
		Lines: []central.WebLineRequest{{ProductID: "margherita", Quantity: 1}}}
	first, err := w.DB.CreateWebOrder(t.Context(), anna, req) // still at the provider's
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	w.Server.Payments = &cancellingProvider{PaymentProvider: w.payments, cancel: cancel}
	r := w.request(t, ctx, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "pickup", "pizzeria": "paris-11", "payment_method": "online",
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 1}},
	})
	r.Header.Set("Authorization", "Bearer "+w.customer)
	r.Header.Set("Idempotency-Key", "slow-provider")
	w.Server.ServeHTTP(httptest.NewRecorder(), r)

	o := w.get(t, first.ID)
	if o.State != central.WebAwaitingPayment || o.PaymentURL == "" {
		t.Fatalf("after a replay cut short: state %s, payment URL %q", o.State, o.PaymentURL)
	}
}
