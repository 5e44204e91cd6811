package systemtest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestWebhookReplayReorderForgery sends central's webhook what a network
// and an attacker may, with the simulator's real signatures: the
// simulator's own delivery sent again byte for byte is acknowledged and
// changes nothing; a payment.failed signed after the payment.succeeded
// is recorded but does not move the order back; a tampered body, another
// secret, a stale timestamp or no signature is refused with 400 and
// writes nothing. central/http's TestPaymentWebhookReplayReorderAndBadSignature
// checks the same rules on the handler alone.
func TestWebhookReplayReorderForgery(t *testing.T) {
	s := newWebSystem(t, 30*time.Second)
	cu := s.signUp("anna@example.fr")
	o := cu.order(central.PayOnline)
	s.pay(o, "4242424242424242")

	// The simulator's delivery, applied: the order is placed, once.
	var sent delivery
	waitFor(t, 20*time.Second, "the simulator's webhook", func() error {
		d := s.webhooks.delivered()
		if len(d) == 0 {
			return errNotYet
		}
		sent = d[0]
		return nil
	})
	if sent.Type != central.EventPaymentSucceeded || sent.Status != http.StatusOK ||
		!sent.Applied || !strings.HasPrefix(sent.Signature, "t=") {
		t.Fatalf("the simulator's delivery: %+v", sent)
	}
	placed := s.paymentState(cu, o.ID)
	if placed != (paymentState{central.WebWaiting, central.WebPaymentPaid, 1, 1}) {
		t.Fatalf("once paid: %+v", placed)
	}

	// Delivered again as it was: acknowledged, not applied.
	status, applied := s.webhook(sent.Signature, sent.Body)
	if status != http.StatusOK || applied {
		t.Errorf("replay: status %d, applied %v", status, applied)
	}
	if got := s.paymentState(cu, o.ID); got != placed {
		t.Errorf("after the replay: %+v, want %+v", got, placed)
	}

	// A failure that comes after the success: its event is recorded, the
	// payment does not move back.
	var ev central.PaymentEvent
	if err := json.Unmarshal(sent.Body, &ev); err != nil {
		t.Fatal(err)
	}
	late := ev
	late.ID, late.Type, late.Status = "evt_late_failure", central.EventPaymentFailed,
		central.PaymentFailed
	late.FailureReason, late.Created = central.PaymentDeclined, time.Now().UTC()
	body := mustJSON(t, late)
	status, applied = s.webhook(paysim.Sign(simSecret, body, time.Now()), body)
	if status != http.StatusOK || !applied {
		t.Errorf("late failure: status %d, applied %v", status, applied)
	}
	want := placed
	want.Events++
	if got := s.paymentState(cu, o.ID); got != want {
		t.Errorf("after the late failure: %+v, want %+v", got, want)
	}

	// Refused, and nothing written: a new event, forged each way.
	forged := ev
	forged.ID, forged.Created = "evt_forged", time.Now().UTC()
	body = mustJSON(t, forged)
	tampered := bytes.Replace(sent.Body, []byte(`"amount_cents":`), []byte(`"amount_cents":1`), 1)
	for name, try := range map[string]struct {
		signature string
		body      []byte
	}{
		"tampered body":  {sent.Signature, tampered},
		"another secret": {paysim.Sign("whsec_somebody_else_000", body, time.Now()), body},
		"stale":          {paysim.Sign(simSecret, body, time.Now().Add(-10*time.Minute)), body},
		"unsigned":       {"", body},
	} {
		if status, _ := s.webhook(try.signature, try.body); status != http.StatusBadRequest {
			t.Errorf("%s: status %d", name, status)
		}
		if got := s.paymentState(cu, o.ID); got != want {
			t.Errorf("after the %s: %+v, want %+v", name, got, want)
		}
	}
}

// paymentState is what a webhook may change of an order: its state and
// payment, the events recorded for its payment, the offers sent.
type paymentState struct {
	State   central.WebOrderState
	Payment string
	Events  int
	Places  int
}

// paymentState reads the payment state of one of the customer's orders.
func (s *webSystem) paymentState(cu *customer, id string) paymentState {
	s.t.Helper()
	v := cu.view(id)
	st := paymentState{State: v.State, Payment: v.PaymentStatus}
	err := s.c.db.Pool.QueryRow(context.Background(), `
		SELECT count(*) FROM payment_events WHERE payment_id = $1`, s.webOrderRow(id).PaymentID).
		Scan(&st.Events)
	if err != nil {
		s.t.Fatal(err)
	}
	st.Places = s.commandsOf(s.first.id, syncproto.CommandOrderPlace) +
		s.commandsOf(s.second.id, syncproto.CommandOrderPlace)
	return st
}

// webhook posts a webhook body to central with a signature header and
// returns the status and whether central applied it.
func (s *webSystem) webhook(signature string, body []byte) (int, bool) {
	s.t.Helper()
	status, answer, err := postWebhook(s.url+"/api/v1/payments/webhook", signature, body)
	if err != nil {
		s.t.Fatal(err)
	}
	var ack struct{ Applied bool }
	_ = json.Unmarshal(answer, &ack)
	return status, ack.Applied
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
