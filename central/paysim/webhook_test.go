package paysim_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
)

func TestWebhookRetriedUntilAcknowledged(t *testing.T) {
	h := newHarness(t, 3) // the receiver answers 503 three times
	p := h.create(t, 1250, "k")
	h.pay(t, p.ID, "4242424242424242", nextYear, "123")

	// The fourth delivery is accepted, and it is the one event.
	ev := h.hook.waitEvents(t, 1)[0]
	h.drain(t)
	h.hook.mu.Lock()
	deliveries := h.hook.deliveries
	h.hook.mu.Unlock()
	if deliveries != 4 || len(h.hook.received()) != 1 || ev.PaymentID != p.ID {
		t.Errorf("%d deliveries, %d accepted; want 4 and 1", deliveries, len(h.hook.received()))
	}
}

func TestWebhookReplayIsDetectableByID(t *testing.T) {
	h := newHarness(t, 0)
	p := h.create(t, 1250, "k")
	h.pay(t, p.ID, "4242424242424242", nextYear, "123")
	paid := h.hook.waitEvents(t, 1)[0]

	// A captured delivery sent again within the tolerance still verifies:
	// only its event id, already stored, tells the receiver it is a replay.
	h.hook.mu.Lock()
	header, body := h.hook.lastHeader, h.hook.lastBody
	h.hook.mu.Unlock()
	req, _ := http.NewRequest(http.MethodPost, h.hook.srv.URL, bytes.NewReader(body))
	req.Header.Set(paysim.SignatureHeader, header)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	events := h.hook.received()
	if len(events) != 2 || events[1].ID != paid.ID {
		t.Fatalf("replay: %+v, want the same event id twice", events)
	}

	// Later than the tolerance, the same bytes are refused as stale.
	late := time.Now().Add(central.WebhookTolerance + time.Minute)
	_, err = paysim.VerifyWebhook(testSecret, header, body, late)
	if !errors.Is(err, central.ErrWebhookStale) {
		t.Errorf("late replay: %v, want stale", err)
	}

	// A refund is a new event with its own id.
	if _, err := h.client.RefundPayment(context.Background(), p.ID, "refund-1"); err != nil {
		t.Fatal(err)
	}
	events = h.hook.waitEvents(t, 3)
	if events[2].Type != central.EventPaymentRefunded || events[2].ID == paid.ID {
		t.Errorf("refund event = %+v", events[2])
	}
}

func TestWebhookWithAnotherSecretIsRefused(t *testing.T) {
	hook := newReceiver(t, 0)
	sim, err := paysim.NewServer(paysim.Config{
		APIKey: testAPIKey, WebhookURL: hook.srv.URL, WebhookSecret: "a-secret-central-does-not-know",
		WebhookRetry: paysim.RetryPolicy{Max: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{sim: sim, hook: hook}
	h.srv = httptestServer(t, sim)
	h.client = paysim.NewClient(h.srv.URL, testAPIKey, fastRetry, nil)

	p := h.create(t, 1250, "k")
	h.pay(t, p.ID, "4242424242424242", nextYear, "123")
	h.drain(t)

	// Both tries were refused for their signature, and nothing applied.
	hook.mu.Lock()
	defer hook.mu.Unlock()
	if len(hook.refused) != 2 || len(hook.events) != 0 ||
		!errors.Is(hook.refused[0], central.ErrWebhookSignature) {
		t.Errorf("refused %v, accepted %d; want 2 signature refusals", hook.refused, len(hook.events))
	}
}
