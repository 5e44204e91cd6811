package paysim_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
)

const (
	testAPIKey = "sk_test_0123456789abcdef"
	testSecret = "whsec_test_0123456789abcdef"
	returnTo   = "https://pizza.example/commande/42/paiement?x=1"
)

// fastRetry keeps the retries of the tests in milliseconds.
var fastRetry = paysim.RetryPolicy{Max: 5, WaitMin: time.Millisecond, WaitMax: 5 * time.Millisecond}

// receiver is a merchant's webhook endpoint: it verifies each delivery,
// refuses the first failFirst ones with a 503, and records the rest.
type receiver struct {
	srv *httptest.Server

	mu         sync.Mutex
	failFirst  int
	deliveries int
	events     []central.PaymentEvent
	refused    []error
	lastHeader string
	lastBody   []byte
}

func newReceiver(t testing.TB, failFirst int) *receiver {
	t.Helper()
	rc := &receiver{failFirst: failFirst}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	header := r.Header.Get(paysim.SignatureHeader)
	ev, err := paysim.VerifyWebhook(testSecret, header, body, time.Now())

	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.deliveries++
	switch {
	case err != nil:
		rc.refused = append(rc.refused, err)
		w.WriteHeader(http.StatusBadRequest)
	case rc.deliveries <= rc.failFirst:
		w.WriteHeader(http.StatusServiceUnavailable)
	default:
		rc.events = append(rc.events, *ev)
		rc.lastHeader, rc.lastBody = header, body
		w.WriteHeader(http.StatusNoContent)
	}
}

// received returns a copy of the events accepted so far.
func (rc *receiver) received() []central.PaymentEvent {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]central.PaymentEvent(nil), rc.events...)
}

// waitEvents polls until n events were accepted and returns them.
func (rc *receiver) waitEvents(t testing.TB, n int) []central.PaymentEvent {
	t.Helper()
	waitFor(t, "webhook events", func() bool { return len(rc.received()) >= n })
	return rc.received()
}

// harness is a simulator served over real HTTP, with its webhook receiver
// and a client.
type harness struct {
	sim    *paysim.Server
	srv    *httptest.Server
	hook   *receiver
	client *paysim.Client
}

func newHarness(t testing.TB, failFirst int) *harness {
	t.Helper()
	hook := newReceiver(t, failFirst)
	sim, err := paysim.NewServer(paysim.Config{
		APIKey: testAPIKey, WebhookURL: hook.srv.URL + "/webhooks/paysim", WebhookSecret: testSecret,
		WebhookRetry: fastRetry,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { _ = sim.Close(context.Background()) })
	client := paysim.NewClient(srv.URL, testAPIKey, fastRetry, nil)
	return &harness{sim: sim, srv: srv, hook: hook, client: client}
}

// drain waits until every webhook in flight is delivered or given up, so
// that a test can count what was sent.
func (h *harness) drain(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.sim.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// create makes an intent through the client.
func (h *harness) create(t testing.TB, cents int64, key string) *central.Payment {
	t.Helper()
	p, err := h.client.CreatePayment(context.Background(), &central.PaymentRequest{
		AmountCents: cents, Currency: "eur", Reference: "order-42", ReturnURL: returnTo, IdempotencyKey: key,
	})
	if err != nil {
		t.Fatalf("create payment: %v", err)
	}
	return p
}

// browser is an HTTP client that does not follow redirects, so that tests
// see where the hosted page sends the customer.
var browser = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// submit posts a form to the simulator as a browser does, and returns the
// status, the Location and the body.
func (h *harness) submit(t testing.TB, path string, form url.Values) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", h.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// pay fills the card form of an intent.
func (h *harness) pay(t testing.TB, id, number, expiry, cvc string) (int, string, string) {
	t.Helper()
	return h.submit(t, "/pay/"+id, url.Values{"number": {number}, "expiry": {expiry}, "cvc": {cvc}})
}

// get fetches a path of the simulator without following redirects.
func (h *harness) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := browser.Get(h.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitFor polls cond until it holds, failing the test after 5 seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond) // the poll interval, not a wait for an outcome
	}
}

// httptestServer serves h over real HTTP until the test ends.
func httptestServer(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
