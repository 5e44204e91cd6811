package paysim_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
)

// flakyFront stands between the client and the simulator like a load
// balancer having a bad minute: the first lose requests reach the
// simulator, which does the work, but their answer is replaced by a 503,
// as when a connection drops after the provider committed.
type flakyFront struct {
	srv  *httptest.Server
	mu   sync.Mutex
	lose int
	seen []string // the Idempotency-Key of every request that came through
}

func newFlakyFront(t testing.TB, target string, lose int) *flakyFront {
	t.Helper()
	u, _ := url.Parse(target)
	proxy := httputil.NewSingleHostReverseProxy(u)
	f := &flakyFront{lose: lose}
	f.srv = httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.seen = append(f.seen, r.Header.Get("Idempotency-Key"))
		lost := f.lose > 0
		f.lose--
		f.mu.Unlock()
		if lost {
			proxy.ServeHTTP(httptest.NewRecorder(), r) // the work is done, the answer lost
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	return f
}

func (f *flakyFront) keys() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

func TestClientRetries503WithoutChargingTwice(t *testing.T) {
	h := newHarness(t, 0)
	front := newFlakyFront(t, h.srv.URL, 2)
	client := paysim.NewClient(front.srv.URL, testAPIKey, fastRetry, nil)

	// Two answers lost: the third try gets the intent the first created.
	p, err := client.CreatePayment(context.Background(), &central.PaymentRequest{
		AmountCents: 1250, Currency: "eur", Reference: "order-42", ReturnURL: returnTo,
		IdempotencyKey: "order-42:pay:1",
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := front.keys()
	if len(keys) != 3 || keys[0] != "order-42:pay:1" || keys[2] != keys[0] {
		t.Errorf("requests with keys %q, want 3 with the same key", keys)
	}
	if all := h.list(t); len(all) != 1 || all[0].ID != p.ID {
		t.Errorf("payments %+v, want only %s", all, p.ID)
	}
}

func TestClientRefundsOnce(t *testing.T) {
	h := newHarness(t, 0)
	p := h.create(t, 1250, "k")
	h.pay(t, p.ID, "4242424242424242", nextYear, "123")
	front := newFlakyFront(t, h.srv.URL, 1)
	client := paysim.NewClient(front.srv.URL, testAPIKey, fastRetry, nil)
	ctx := context.Background()

	// The first answer is lost; the retry under the same key is answered
	// from the stored result.
	got, err := client.RefundPayment(ctx, p.ID, "order-42:refund")
	if err != nil || got.Status != central.PaymentRefunded {
		t.Fatalf("refund: %+v, %v", got, err)
	}
	again, err := client.RefundPayment(ctx, p.ID, "order-42:refund")
	if err != nil || again.UpdatedAt != got.UpdatedAt {
		t.Errorf("refund repeated with its key: %+v, %v", again, err)
	}

	// Under another key, the refund is found done.
	_, err = client.RefundPayment(ctx, p.ID, "another-key")
	if !errors.Is(err, central.ErrPaymentAlreadyRefunded) {
		t.Errorf("refund under another key: %v, want already refunded", err)
	}

	// One succeeded event, one refunded event.
	h.drain(t)
	refunds := 0
	for _, ev := range h.hook.received() {
		if ev.Type == central.EventPaymentRefunded {
			refunds++
		}
	}
	if refunds != 1 || len(h.hook.received()) != 2 {
		t.Errorf("%d refund events in %+v, want 1", refunds, h.hook.received())
	}
}

func TestClientErrors(t *testing.T) {
	h := newHarness(t, 0)
	ctx := context.Background()
	unpaid := h.create(t, 1250, "k1")

	// Errors callers act on come back as the domain's.
	_, err := h.client.RefundPayment(ctx, unpaid.ID, "r1")
	if !errors.Is(err, central.ErrPaymentNotRefundable) {
		t.Errorf("refund of an unpaid intent: %v", err)
	}
	if _, err := h.client.FindPaymentByID(ctx, "pay_nope"); central.ErrorCode(err) != central.ENOTFOUND {
		t.Errorf("unknown intent: %v", err)
	}
	_, err = h.client.CreatePayment(ctx, &central.PaymentRequest{
		AmountCents: 999, Currency: "eur", Reference: "order-42", ReturnURL: returnTo, IdempotencyKey: "k1",
	})
	if !errors.Is(err, central.ErrIdempotencyKeyReused) {
		t.Errorf("key reused: %v", err)
	}

	// A wrong API key is the operator's problem: an internal error.
	wrong := paysim.NewClient(h.srv.URL, "sk_test_wrong_key_000", fastRetry, nil)
	if _, err := wrong.FindPaymentByID(ctx, unpaid.ID); central.ErrorCode(err) != central.EINTERNAL {
		t.Errorf("wrong key: %v", err)
	}

	// Invalid requests are refused before they leave.
	if _, err := h.client.CreatePayment(ctx, &central.PaymentRequest{AmountCents: 1, Currency: "eur",
		Reference: "x", ReturnURL: returnTo}); central.ErrorCode(err) != central.EINVALID {
		t.Errorf("no key: %v", err)
	}
}

func TestClientGivesUpWhenTheProviderStaysDown(t *testing.T) {
	var mu sync.Mutex
	tries := 0
	down := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		tries++
		mu.Unlock()
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	client := paysim.NewClient(down.URL, testAPIKey, fastRetry, nil)

	_, err := client.FindPaymentByID(context.Background(), "pay_1")
	mu.Lock()
	defer mu.Unlock()
	if central.ErrorCode(err) != central.EINTERNAL || tries != fastRetry.Max+1 {
		t.Errorf("err %v after %d tries, want an internal error after %d", err, tries, fastRetry.Max+1)
	}
}
