package paysim_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// nextYear is an expiry date that has not passed.
var nextYear = time.Now().AddDate(1, 0, 0).Format("01/06")

// backTo checks that a redirect goes to the merchant's return URL with the
// intent's id and status.
func backTo(t testing.TB, location string, p *central.Payment, status central.PaymentStatus) {
	t.Helper()
	u, err := url.Parse(location)
	if err != nil || u.Host != "pizza.example" || u.Path != "/commande/42/paiement" {
		t.Fatalf("redirected to %q, want the return URL", location)
	}
	q := u.Query()
	if q.Get("payment_id") != p.ID || q.Get("status") != string(status) || q.Get("x") != "1" {
		t.Errorf("return query = %v, want payment %s status %s and the merchant's own x=1", q, p.ID, status)
	}
}

func TestPayWithTestCardSucceeds(t *testing.T) {
	h := newHarness(t, 0)
	p := h.create(t, 123450, "k-success")

	// The hosted page shows the amount in French and the card form.
	status, page := h.get(t, "/pay/"+p.ID)
	for _, want := range []string{"Paiement par carte", "1\u00a0234,50\u00a0€", `autocomplete="cc-number"`,
		`<link rel="stylesheet" href="/assets/pay.css">`} {
		if status != http.StatusOK || !strings.Contains(page, want) {
			t.Fatalf("page (%d) lacks %q:\n%s", status, want, page)
		}
	}

	// The success card sends the customer back with status succeeded.
	code, location, _ := h.pay(t, p.ID, "4242 4242 4242 4242", nextYear, "123")
	if code != http.StatusSeeOther {
		t.Fatalf("pay answered %d", code)
	}
	backTo(t, location, p, central.PaymentSucceeded)

	// The API and the webhook agree.
	got, err := h.client.FindPaymentByID(context.Background(), p.ID)
	if err != nil || got.Status != central.PaymentSucceeded {
		t.Fatalf("after paying: %+v, %v", got, err)
	}
	ev := h.hook.waitEvents(t, 1)[0]
	if ev.Type != central.EventPaymentSucceeded || ev.PaymentID != p.ID || ev.AmountCents != 123450 ||
		ev.Reference != "order-42" || !strings.HasPrefix(ev.ID, "evt_") {
		t.Errorf("webhook event = %+v", ev)
	}
}

func TestPayWithDeclinedCards(t *testing.T) {
	cases := []struct{ number, reason, sentence string }{
		{"4000 0000 0000 0002", central.PaymentDeclined, "Votre carte a été refusée."},
		{"4000000000009995", central.PaymentInsufficientFunds, "Provision insuffisante"},
		{"4111 1111 1111 1111", central.PaymentDeclined, "Votre carte a été refusée."}, // not a test card
	}
	for _, c := range cases {
		t.Run(c.number, func(t *testing.T) {
			h := newHarness(t, 0)
			p := h.create(t, 1250, "k")

			code, location, _ := h.pay(t, p.ID, c.number, nextYear, "123")
			if code != http.StatusSeeOther {
				t.Fatalf("pay answered %d", code)
			}
			backTo(t, location, p, central.PaymentFailed)

			ev := h.hook.waitEvents(t, 1)[0]
			if ev.Type != central.EventPaymentFailed || ev.Status != central.PaymentFailed ||
				ev.FailureReason != c.reason {
				t.Errorf("webhook event = %+v, want failed for %s", ev, c.reason)
			}

			// The page of the failed intent says why, and pays no more.
			_, page := h.get(t, "/pay/"+p.ID)
			if !strings.Contains(page, c.sentence) || strings.Contains(page, `name="number"`) {
				t.Errorf("page after decline lacks %q or still has the form", c.sentence)
			}
		})
	}
}

func TestPayFormMistakes(t *testing.T) {
	h := newHarness(t, 0)
	p := h.create(t, 1250, "k")
	cases := []struct{ name, number, expiry, cvc, want string }{
		{"luhn", "4242 4242 4242 4241", nextYear, "123", "Numéro de carte invalide"},
		{"letters", "4242 abcd 4242 4242", nextYear, "123", "Numéro de carte invalide"},
		{"expired", "4242424242424242", "01/20", "123", "Cette carte est expirée."},
		{"month 13", "4242424242424242", "13/40", "123", "Date d&#39;expiration invalide"},
		{"short cvc", "4242424242424242", nextYear, "12", "Cryptogramme invalide"},
		{"amex cvc", "3782 822463 10005", nextYear, "123", "Cryptogramme invalide"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, page := h.pay(t, p.ID, c.number, c.expiry, c.cvc)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, c.want) {
				t.Fatalf("answered %d, want 422 saying %q:\n%s", code, c.want, page)
			}
			if !strings.Contains(page, `aria-invalid="true"`) || strings.Contains(page, `value="`+c.cvc+`"`) {
				t.Errorf("the field at fault is not marked, or the CVC is echoed back")
			}
		})
	}

	// None of the mistakes moved the intent or sent an event.
	code, location, _ := h.pay(t, p.ID, "4242424242424242", nextYear, "123")
	backTo(t, location, p, central.PaymentSucceeded)
	h.drain(t)
	if n := len(h.hook.received()); code != http.StatusSeeOther || n != 1 {
		t.Errorf("pay after mistakes: %d, %d webhook events; want 303 and 1", code, n)
	}
}

func TestPayWith3DSecure(t *testing.T) {
	h := newHarness(t, 0)
	approved, declined := h.create(t, 1250, "k1"), h.create(t, 990, "k2")

	// The 3-D Secure card leads to the authentication step.
	for _, p := range []*central.Payment{approved, declined} {
		code, location, _ := h.pay(t, p.ID, "4000 0027 6000 3184", nextYear, "123")
		if code != http.StatusSeeOther || location != "/pay/"+p.ID {
			t.Fatalf("3-D Secure card: %d to %q, want the intent's page", code, location)
		}
		if _, page := h.get(t, location); !strings.Contains(page, "Authentification 3-D Secure") {
			t.Fatalf("no authentication step:\n%s", page)
		}
		got, _ := h.client.FindPaymentByID(context.Background(), p.ID)
		if got.Status != central.PaymentRequiresAction {
			t.Errorf("status %s, want requires_action", got.Status)
		}
	}

	// Approving pays; declining fails with its reason.
	_, location, _ := h.submit(t, "/pay/"+approved.ID+"/authenticate", url.Values{"decision": {"approve"}})
	backTo(t, location, approved, central.PaymentSucceeded)
	_, location, _ = h.submit(t, "/pay/"+declined.ID+"/authenticate", url.Values{"decision": {"decline"}})
	backTo(t, location, declined, central.PaymentFailed)
	got, _ := h.client.FindPaymentByID(context.Background(), declined.ID)
	if got.FailureReason != central.PaymentAuthenticationFailed {
		t.Errorf("declined authentication: reason %q", got.FailureReason)
	}
}

func TestPayCancelAndPayTwice(t *testing.T) {
	h := newHarness(t, 0)
	canceled, paid := h.create(t, 1250, "k1"), h.create(t, 1250, "k2")

	// Cancel gives up the intent.
	_, location, _ := h.submit(t, "/pay/"+canceled.ID+"/cancel", nil)
	backTo(t, location, canceled, central.PaymentFailed)

	// A second submit of a paid intent (two tabs) charges nothing more.
	h.pay(t, paid.ID, "4242424242424242", nextYear, "123")
	_, location, _ = h.pay(t, paid.ID, "4000000000000002", nextYear, "123")
	backTo(t, location, paid, central.PaymentSucceeded)

	h.drain(t)
	if n := len(h.hook.received()); n != 2 {
		t.Errorf("%d webhook events, want 2 (one cancel, one payment)", n)
	}
}

func TestPageRefusesOtherSitesAndUnknownIntents(t *testing.T) {
	h := newHarness(t, 0)
	p := h.create(t, 1250, "k")

	// A form posted from another site is refused before it is read.
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/pay/"+p.ID+"/cancel", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post answered %d, want 403", resp.StatusCode)
	}
	got, _ := h.client.FindPaymentByID(context.Background(), p.ID)
	if got.Status != central.PaymentCreated {
		t.Errorf("cross-site post moved the intent to %s", got.Status)
	}

	// An unknown intent has a French page, and the style sheet is served.
	if code, page := h.get(t, "/pay/pay_nope"); code != http.StatusNotFound ||
		!strings.Contains(page, "Paiement introuvable") {
		t.Errorf("unknown intent: %d\n%s", code, page)
	}
	code, css := h.get(t, "/assets/pay.css")
	if code != http.StatusOK || !strings.Contains(css, ":focus-visible") {
		t.Errorf("style sheet: %d", code)
	}
}
