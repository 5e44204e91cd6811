package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/central/paysim"
	"github.com/ocpizza/ocpizza/syncproto"
)

const (
	paysimKey    = "sk_test_0123456789abcdef"
	paysimSecret = "whsec_0123456789abcdef"
)

// webEnv is the shop's test server wired to a real payment simulator,
// whose webhooks reach the server's webhook route.
type webEnv struct {
	*testEnv
	sim      *paysim.Server
	paysim   *httptest.Server
	payments *countingProvider // the client central uses, counting refunds
	customer string            // a customer's token
}

// countingProvider is the real client, counting the refunds it asks for.
type countingProvider struct {
	*paysim.Client
	refunds atomic.Int64
}

func (c *countingProvider) RefundPayment(ctx context.Context, id, key string) (*central.Payment, error) {
	c.refunds.Add(1)
	return c.Client.RefundPayment(ctx, id, key)
}

func newWebEnv(t *testing.T) *webEnv {
	t.Helper()
	env, _ := newShopEnv(t)
	w := &webEnv{testEnv: env}

	// The simulator posts its webhooks to the server under test.
	relay := httptest.NewServer(env.Server)
	t.Cleanup(relay.Close)
	fast := paysim.RetryPolicy{Max: 3, WaitMin: 10 * time.Millisecond, WaitMax: 50 * time.Millisecond}
	sim, err := paysim.NewServer(paysim.Config{APIKey: paysimKey, WebhookSecret: paysimSecret,
		WebhookURL: relay.URL + "/api/v1/payments/webhook", WebhookRetry: fast})
	if err != nil {
		t.Fatal(err)
	}
	w.sim, w.paysim = sim, httptest.NewServer(sim)
	t.Cleanup(w.paysim.Close)
	t.Cleanup(func() { _ = sim.Close(context.Background()) })

	w.payments = &countingProvider{Client: paysim.NewClient(w.paysim.URL, paysimKey, fast, nil)}
	env.Server.Payments = w.payments
	centralhttp.SetPaymentPageOrigin(env.Server, w.paysim.URL)
	centralhttp.SetWebhookVerifier(env.Server, func(h http.Header, body []byte) (*central.PaymentEvent, error) {
		return paysim.VerifyWebhook(paysimSecret, h.Get(paysim.SignatureHeader), body, time.Now())
	})
	w.customer = env.signUpAndLogIn(t, "anna@example.fr")
	return w
}

// order posts a new order of the customer paid by method and returns it.
func (w *webEnv) order(t *testing.T, method string) central.WebOrder {
	t.Helper()
	resp := w.do(t, w.customer, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "delivery", "payment_method": method,
		"address": map[string]string{"street": "12 rue de la Roquette", "postcode": "75011", "city": "Paris"},
		"lines":   []map[string]any{{"product_id": "margherita", "quantity": 2}},
	})
	resp.wantStatus(t, http.StatusAccepted)
	var o central.WebOrder
	resp.decode(t, &o)
	return o
}

// get reads one of the customer's orders.
func (w *webEnv) get(t *testing.T, id string) central.WebOrder {
	t.Helper()
	resp := w.do(t, w.customer, "GET", "/api/v1/customer/orders/"+id, nil)
	resp.wantStatus(t, http.StatusOK)
	var o central.WebOrder
	resp.decode(t, &o)
	return o
}

// payWith fills the hosted payment page of an order as a browser does.
func (w *webEnv) payWith(t *testing.T, o central.WebOrder, number string) {
	t.Helper()
	u, err := url.Parse(o.PaymentURL)
	if err != nil || !strings.HasPrefix(o.PaymentURL, w.paysim.URL+"/pay/") {
		t.Fatalf("payment url %q is not the simulator's page", o.PaymentURL)
	}
	form := url.Values{"number": {number}, "expiry": {"12/30"}, "cvc": {"123"}}
	req, _ := http.NewRequest(http.MethodPost, w.paysim.URL+u.Path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", w.paysim.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		t.Fatalf("pay: status %d", resp.StatusCode)
	}
}

// commands returns the commands of a type waiting for a pizzeria.
func (w *webEnv) commands(t *testing.T, pizzeria, typ string) []*syncproto.Command {
	t.Helper()
	out, err := w.DB.FindUnpublishedCommands(context.Background(), 10_000)
	if err != nil {
		t.Fatal(err)
	}
	var found []*syncproto.Command
	for _, o := range out {
		c, err := syncproto.DecodeCommand(o.Data, o.Pizzeria)
		if err != nil {
			t.Fatal(err)
		}
		if c.Pizzeria == pizzeria && c.Type == typ {
			found = append(found, c)
		}
	}
	return found
}

// eventually polls cond until it holds, failing after 10 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pizzeria sends a pizzeria's events up as the ingest applies them.
type pizzeria struct {
	id  string
	seq int64
}

func (p *pizzeria) send(t *testing.T, w *webEnv, typ string, payload any) {
	t.Helper()
	data, _ := json.Marshal(payload)
	p.seq++
	e := &syncproto.Event{ID: uuidV7(t), Pizzeria: p.id, Epoch: "web-" + p.id, Seq: p.seq, Type: typ,
		SchemaVersion: syncproto.SchemaVersions[typ], OccurredAt: w.DB.Now(), Payload: data}
	enc, err := syncproto.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	r := central.Received{Subject: syncproto.UpSubject(p.id), Pizzeria: p.id, Data: enc}
	if r.Event, r.Err = syncproto.DecodeEvent(enc, p.id); r.Err != nil {
		t.Fatal(r.Err)
	}
	if _, err := w.DB.ApplyBatch(context.Background(), []central.Received{r}); err != nil {
		t.Fatal(err)
	}
	w.Server.BranchesChanged() // as the ingest does after a commit
}

// accept answers a command accepted.
func (p *pizzeria) accept(t *testing.T, w *webEnv, c *syncproto.Command) {
	t.Helper()
	p.send(t, w, syncproto.EventCommandAccepted, syncproto.CommandAnswer{CommandID: c.ID,
		Position: c.Position, Type: c.Type})
}

// placedOrderID reads the order id an order.place gives the pizzeria.
func placedOrderID(t *testing.T, c *syncproto.Command) string {
	t.Helper()
	var p syncproto.OrderPlace
	if err := json.Unmarshal(c.Payload, &p); err != nil {
		t.Fatal(err)
	}
	return p.OrderID
}

// follow opens the live feed of an order and returns the orders it
// pushes; the feed ends with the test.
func (w *webEnv) follow(t *testing.T, id string) <-chan central.WebOrder {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req := w.request(t, ctx, "GET", "/api/v1/customer/orders/"+id+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+w.customer)
	resp, err := w.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("events: status %d", resp.StatusCode)
	}
	pushed := make(chan central.WebOrder, 16)
	go func() {
		defer resp.Body.Close()
		lines := bufio.NewScanner(resp.Body)
		lines.Buffer(make([]byte, 64<<10), 1<<20)
		for lines.Scan() {
			data, ok := strings.CutPrefix(lines.Text(), "data: ")
			var o central.WebOrder
			if ok && json.Unmarshal([]byte(data), &o) == nil && o.ID != "" {
				pushed <- o
			}
		}
	}()
	return pushed
}
