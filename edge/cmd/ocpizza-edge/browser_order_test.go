package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPhoneOrderReachesKitchen: an order taker takes a phone order
// for a known customer with the keyboard alone, and the order appears on
// the kitchen screen open in another browser context, without a reload.
func TestBrowserPhoneOrderReachesKitchen(t *testing.T) {
	p := startPizzeria(t)

	// Mme Durand ordered last week: she is known by her phone number. That
	// order is done with, so the kitchen starts empty.
	old := p.phoneOrder(map[string]any{"product_id": "margherita", "quantity": 1})
	p.api.call(p.api.login("caisse"), "POST", "/api/v1/orders/"+old.ID+"/transitions",
		map[string]any{"to": "cancelled"}, 200, &old)

	// The kitchen screen is open, and marked so that a reload would show.
	kitchen := p.staff("pizzaiolo")
	p.Run(kitchen, "open the kitchen",
		open(p, "/kitchen"),
		chromedp.WaitVisible(chromedp.ID("queue-empty")),
		chromedp.Poll[chromedp.Void](`document.body.dataset.liveState === "open"`),
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`),
	)
	p.Screenshot(kitchen, "kitchen-empty")

	// The order taker: phone number, Enter finds her and fills her address.
	desk := p.staff("caisse")
	p.Run(desk, "find the caller",
		open(p, "/order"),
		chromedp.WaitVisible(chromedp.ID("phone")),
		chromedp.SendKeys(chromedp.ID("phone"), "06 12 34 56 78\r"),
		chromedp.WaitVisible(chromedp.ID("known-customers")),
	)
	if name, addr := value(t, desk, "name"), value(t, desk, "address"); name != "Mme Durand" ||
		addr != "12 rue Oberkampf, 75011 Paris" {
		t.Fatalf("customer filled in as %q, %q", name, addr)
	}

	// Two Reines and a Coca-Cola typed into the filter, with Enter.
	p.Run(desk, "choose the products",
		chromedp.SendKeys(chromedp.ID("product-filter"), "rein\r\r"),
		// Enter selected the filter's text: typing replaces it.
		chromedp.SendKeys(chromedp.ID("product-filter"), "coca\r"),
		chromedp.WaitVisible(chromedp.CSS(`li.product.chosen[data-product="coca-cola-33cl"]`)),
	)
	if qty := value(t, desk, "qty-reine"); qty != "2" {
		t.Fatalf("Reine quantity %q, want 2", qty)
	}
	if total := p.Text(desk, "#order-total"); total != "26,50\u00a0€" {
		t.Fatalf("live total %q, want 26,50 €", total)
	}
	p.Screenshot(desk, "order-form")

	// Ctrl+Enter takes the order.
	p.Run(desk, "take the order",
		chromedp.Focus(chromedp.ID("product-filter")),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.ID("order-done")),
	)
	done := p.Text(desk, "#order-done")
	if !strings.Contains(done, "Commande 2 enregistrée : 26,50") {
		t.Fatalf("confirmation %q", done)
	}
	p.Screenshot(desk, "order-taken")

	// The kitchen shows ticket 2, with its recipe, and never reloaded.
	p.Run(kitchen, "see the order in the kitchen",
		chromedp.WaitVisible(chromedp.CSS(`.ticket-card[data-ticket="2"]`)),
		chromedp.Poll[chromedp.Void](`window.notReloaded === true`),
	)
	card := p.Text(kitchen, `.ticket-card[data-ticket="2"]`)
	if !strings.Contains(card, "2 × Reine") || !strings.Contains(card, "Jambon blanc 60 g") ||
		!strings.Contains(card, "1 × Coca-Cola 33 cl") {
		t.Fatalf("kitchen ticket:\n%s", card)
	}
	p.Screenshot(kitchen, "kitchen-live")
}

// value returns the value of the form field with this id.
func value(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		t.Fatalf("value of #%s: %v", id, err)
	}
	return v
}
