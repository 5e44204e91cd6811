package demo

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocpizza/ocpizza/syncproto/browsertest"
)

// TestBrowserWebsite runs the customer's stories in Chromium, on one demo
// started for all of them. Screenshots of every step are saved in
// var/screenshots/website.
func TestBrowserWebsite(t *testing.T) {
	w := startWebsite(t)
	t.Run("OrderPaidToDoor", w.testOrderPaidToDoor)
	t.Run("DeclinedCardLeavesNoOrder", w.testDeclinedCardLeavesNoOrder)
	t.Run("CustomerCancelsBeforeOven", w.testCustomerCancelsBeforeOven)
}

// testOrderPaidToDoor: a new customer on a phone signs up, keeps an
// address paris-11 delivers, orders two pizzas there and pays online on
// the provider's page; back on the order's page, without a reload, they
// see the pizzeria accept it, the kitchen start and finish it, and the
// driver, on their own phone page, take it and deliver it.
func (w *website) testOrderPaidToDoor(t *testing.T) {
	s := w.scenario(t)

	// Sign-up, an address, the menu of the pizzeria serving it.
	c := s.signUp("Camille Martin")
	c.addAddress("12 rue Oberkampf", "75011", "Paris", "paris-11")
	c.addToCart("margherita", 1)
	c.addToCart("reine", 1)
	if total := s.Text(c.ctx, "#panier .total strong"); total != "21,00 €" {
		t.Errorf("cart total %q, want 21,00 €", total)
	}
	s.Screenshot(c.ctx, "cart")

	// Delivery to the kept address, paid online on the provider's page.
	c.checkout(w.stack.PaysimURL()+"/pay/",
		"#livraison", `#adresse input[name="address"]:not([value="new"])`, "#paiement-en-ligne")
	if amount := s.Text(c.ctx, ".summary .amount"); amount != "21,00\u00a0€" {
		t.Errorf("the payment page asks for %q, want 21,00 €", amount)
	}
	id := orderID(c.pay("4242 4242 4242 4242"))

	// Back on the site: the pizzeria accepts it, shown live.
	s.Run(c.ctx, "see the pizzeria accept it",
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`),
		statusIs("accepted"), liveOpen())
	if words := s.Text(c.ctx, "#statut .status-words"); words != "Acceptée" {
		t.Errorf("status shown as %q, want Acceptée", words)
	}
	s.Screenshot(c.ctx, "accepted")

	// The kitchen cooks it, the driver takes it to the door.
	edgeID := s.cook(c, id)
	s.deliver(c, edgeID, "12 rue Oberkampf")

	// All of it on the page opened after paying.
	reloaded, err := chromedp.Run(c.ctx, chromedp.Evaluate[bool](`window.notReloaded !== true`))
	if err != nil || reloaded {
		t.Errorf("the order page was reloaded (%v): it must follow the order live", err)
	}
	steps := s.Text(c.ctx, "#statut .timeline")
	for _, step := range []string{"Acceptée", "En préparation", "Prête", "En livraison", "Livrée"} {
		if !strings.Contains(steps, step) {
			t.Errorf("the steps lack %q:\n%s", step, steps)
		}
	}
}

// testDeclinedCardLeavesNoOrder: a customer pays with a card the provider
// declines. The provider's page says so, the order's page says the
// payment failed and the order was not sent, and indeed central enqueued
// nothing for any pizzeria and paris-11 never heard of it.
func (w *website) testDeclinedCardLeavesNoOrder(t *testing.T) {
	s := w.scenario(t)
	db := s.centralDB()
	ctx := context.Background()
	places := func() (n int64) {
		err := db.QueryRow(ctx, `SELECT count(*) FROM commands WHERE type = 'order.place'`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := places()

	// A pick-up, paid online with a card that is declined.
	c := s.signUp("Jeanne Roux")
	c.openMenu("paris-11")
	c.addToCart("calzone", 2)
	payPage := c.checkout(w.stack.PaysimURL()+"/pay/", "#emporter", "#paiement-en-ligne")
	id := orderID(c.pay("4000 0000 0000 0002"))

	// The order's page: payment refused, nothing sent to the pizzeria.
	s.Run(c.ctx, "see the payment refused", statusIs("payment_failed"))
	if words := s.Text(c.ctx, "#statut .status-words"); words != "Paiement non abouti" {
		t.Errorf("status shown as %q, want Paiement non abouti", words)
	}
	if msg := s.Text(c.ctx, "#statut .status-message"); !strings.Contains(msg, "pas été transmise") {
		t.Errorf("the order's page says %q, want that it was not sent", msg)
	}
	s.Screenshot(c.ctx, "payment-failed")

	// The provider's page of that payment says it was declined.
	s.follow(c.ctx, "open the payment again", chromedp.Navigate(payPage.String()), payPage.String())
	if outcome := s.Text(c.ctx, ".outcome-failed"); !strings.Contains(outcome, "refusée") {
		t.Errorf("the payment page says %q, want the card declined", outcome)
	}
	s.Screenshot(c.ctx, "paysim-declined")

	// Central: failed, never offered to a pizzeria, no order.place out.
	var state string
	var offers int64
	if err := db.QueryRow(ctx, `SELECT state, (SELECT count(*) FROM web_order_assignments
		WHERE order_id = w.id) FROM web_orders w WHERE id = $1`, id).Scan(&state, &offers); err != nil {
		t.Fatalf("read web order %s: %v", id, err)
	}
	if state != "payment_failed" || offers != 0 {
		t.Errorf("web order %s: state %s, %d offers; want payment_failed, none", id, state, offers)
	}
	if after := places(); after != before {
		t.Errorf("order.place commands went from %d to %d", before, after)
	}

	// The pizzeria has no order of that customer.
	var orders []struct{ Customer struct{ Name string } }
	login(t, w.stack.EdgeURL(0), "gerant").call("GET", "/api/v1/orders", nil, http.StatusOK, &orders)
	for _, o := range orders {
		if o.Customer.Name == c.name {
			t.Errorf("paris-11 holds an order of %s", c.name)
		}
	}
}

// testCustomerCancelsBeforeOven: the demo customer orders a pick-up, to
// pay at the counter, and cancels it from the order's page before the
// kitchen starts it; the page shows the pizzeria's answer, live.
func (w *website) testCustomerCancelsBeforeOven(t *testing.T) {
	s := w.scenario(t)
	c := s.logIn(DemoCustomer.Email, DemoCustomer.Name)
	c.openMenu("paris-11")
	c.addToCart("margherita", 1)
	page := c.checkout(w.stack.CentralURL()+"/commandes/", "#emporter", "#paiement-livraison")
	id := orderID(page)
	if notice := s.Text(c.ctx, "p.notice"); !strings.HasPrefix(notice, "Merci") {
		t.Errorf("new order's page says %q, want thanks", notice)
	}

	// Accepted by the pizzeria, it can still be cancelled.
	s.Run(c.ctx, "see the pizzeria accept it", statusIs("accepted"), liveOpen(),
		chromedp.WaitVisible(chromedp.ID("annuler")))
	s.Screenshot(c.ctx, "accepted")
	s.follow(c.ctx, "cancel the order", chromedp.Click(chromedp.ID("annuler")),
		w.stack.CentralURL()+"/commandes/"+id)

	// The pizzeria's answer shows without a reload.
	s.Run(c.ctx, "see the pizzeria's answer",
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`), statusIs("cancelled"))
	if words := s.Text(c.ctx, "#statut .status-words"); words != "Annulée" {
		t.Errorf("status shown as %q, want Annulée", words)
	}
	if msg := s.Text(c.ctx, "#statut .status-message"); msg != "Commande annulée." {
		t.Errorf("the order's page says %q, want Commande annulée.", msg)
	}
	gone, err := chromedp.Run(c.ctx, chromedp.Evaluate[bool](
		`!document.getElementById("annuler") && !document.getElementById("modifier")`))
	if err != nil || !gone {
		t.Errorf("a cancelled order still offers to cancel or change it (%v)", err)
	}
	// The notice "request sent" goes once the answer is there.
	s.Run(c.ctx, "see the notice of the request go",
		chromedp.Poll[chromedp.Void](`!document.getElementById("avis")`))
	// Settled, the order's stream ends and the page no longer says "live".
	s.Run(c.ctx, "see the live stream end",
		chromedp.Poll[chromedp.Void](`document.getElementById("live").hidden &&
			document.getElementById("live-lost").hidden`))
	s.Screenshot(c.ctx, "cancelled")

	// The pizzeria reports it cancelled.
	var o struct{ Status string }
	login(t, w.stack.CentralURL(), "siege").call("GET", "/api/v1/orders/"+id, nil,
		http.StatusOK, &o)
	if o.Status != "cancelled" {
		t.Errorf("paris-11 reports the order %s, want cancelled", o.Status)
	}
}

// cook has paris-11's pizzaiolo start and finish a web order on the
// pizzeria's API, and waits for the customer's page to show each status.
// It returns the pizzeria's id of the order.
func (s *scenario) cook(c *customer, webID string) string {
	s.t.Helper()
	var o struct{ ID string }
	login(s.t, s.w.stack.CentralURL(), "siege").call("GET", "/api/v1/orders/"+webID, nil,
		http.StatusOK, &o)
	kitchen := login(s.t, s.w.stack.EdgeURL(0), "pizzaiolo")
	for _, to := range []string{"preparing", "ready"} {
		kitchen.call("POST", "/api/v1/orders/"+o.ID+"/transitions",
			map[string]string{"to": to}, http.StatusOK, nil)
		s.Run(c.ctx, "see the order "+to, statusIs(to))
		s.Screenshot(c.ctx, to)
	}
	return o.ID
}

// deliver has paris-11's driver, on central's phone page, take the ready
// order and mark it delivered, while the customer's page follows.
func (s *scenario) deliver(c *customer, edgeID, street string) {
	s.t.Helper()
	road := s.driver("paris-11")
	card := "#o-" + edgeID
	s.Run(road, "see the ready order", chromedp.WaitVisible(chromedp.CSS(card)))
	if text := s.Text(road, card); !strings.Contains(text, street) {
		s.t.Errorf("driver's card lacks the address:\n%s", text)
	}
	s.Screenshot(road, "driver-ready")

	// Taken: on its way for the customer; delivered: at the door.
	s.follow(road, "take the order", browsertest.Press(card+` form[action$="/take"] button`),
		s.w.stack.CentralURL()+"/driver")
	s.Run(c.ctx, "see the order on its way", statusIs("out_for_delivery"))
	s.Screenshot(c.ctx, "out-for-delivery")
	s.follow(road, "deliver the order", browsertest.Press(card+` form[action$="/deliver"] button`),
		s.w.stack.CentralURL()+"/driver")
	s.Screenshot(road, "driver-delivered")
	s.Run(c.ctx, "see the order delivered", statusIs("delivered"))
	s.Screenshot(c.ctx, "delivered")
}

// driver logs a pizzeria's demo driver in on central's log-in page, in a
// phone's browser of their own; they land on the drivers' page.
func (s *scenario) driver(pizzeria string) context.Context {
	s.t.Helper()
	ctx := s.phone()
	s.Run(ctx, "open the staff log-in page",
		chromedp.Navigate(s.w.stack.CentralURL()+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), DriverAccount(pizzeria)),
		chromedp.SendKeys(chromedp.ID("password"), Password),
	)
	s.follow(ctx, "log in as the driver",
		chromedp.Click(chromedp.CSS(`form.login button[type="submit"]`)),
		s.w.stack.CentralURL()+"/driver")
	return ctx
}
