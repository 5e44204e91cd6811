package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocpizza/ocpizza/syncproto/browsertest"
)

// TestBrowserKitchenToDoor: the pizzaiolo starts and finishes an order
// with one key each, and the orders board follows live; dispatch, which
// saw it become ready live, sends it out and marks it delivered with the
// cash collected; the stock page shows the ingredients it took.
func TestBrowserKitchenToDoor(t *testing.T) {
	p := startPizzeria(t)
	o := p.phoneOrder(map[string]any{"product_id": "reine", "quantity": 2})

	// The board and dispatch are open before the pizza is ready.
	office := p.staff("gerant")
	p.Run(office, "open the board", open(p, "/orders"),
		chromedp.WaitVisible(chromedp.CSS(`.column.status-accepted [data-order="`+o.ID+`"]`)),
		chromedp.Poll[chromedp.Void](`document.body.dataset.liveState === "open"`))
	p.Screenshot(office, "board-accepted")
	road := p.staff("livreur")
	p.Run(road, "open dispatch", open(p, "/dispatch"),
		chromedp.Poll[chromedp.Void](`document.body.dataset.liveState === "open"`))

	// The kitchen: key 1 starts ticket 1, key 1 again finishes it.
	kitchen := p.staff("pizzaiolo")
	p.Run(kitchen, "start the order",
		open(p, "/kitchen"),
		chromedp.WaitVisible(chromedp.CSS(`.ticket-card.status-accepted[data-ticket="1"]`)),
		chromedp.KeyEvent("1"),
		chromedp.WaitVisible(chromedp.CSS(`.ticket-card.status-preparing[data-ticket="1"]`)),
	)
	p.Screenshot(kitchen, "kitchen-preparing")
	p.Run(office, "see the board follow",
		chromedp.WaitVisible(chromedp.CSS(`.column.status-preparing [data-order="`+o.ID+`"]`)))
	p.Screenshot(office, "board-preparing")
	p.Run(kitchen, "finish the order",
		ready(),
		chromedp.KeyEvent("1"),
		chromedp.WaitVisible(chromedp.ID("queue-empty")),
	)
	p.Screenshot(kitchen, "kitchen-done")
	p.Run(kitchen, "print the ticket", chromedp.Navigate(p.base+"/kitchen/tickets/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(".print-ticket")))
	p.Screenshot(kitchen, "ticket")

	// Dispatch shows it ready without a reload; the driver takes it and
	// comes back with the cash.
	p.Run(road, "take the delivery",
		chromedp.WaitVisible(chromedp.CSS(`[data-order="`+o.ID+`"] button.take`)),
	)
	p.Screenshot(road, "dispatch-ready")
	p.Run(road, "deliver",
		browsertest.Press(`[data-order="`+o.ID+`"] button.take`),
		chromedp.WaitVisible(chromedp.CSS(`[data-order="`+o.ID+`"] button.delivered-cash`)),
	)
	p.Screenshot(road, "dispatch-on-road")
	p.Run(road, "collect the cash",
		browsertest.Press(`[data-order="`+o.ID+`"] button.delivered-cash`),
		chromedp.WaitVisible(chromedp.CSS(`#drivers-cash tr[data-driver="livreur"]`)),
	)
	cash := p.Text(road, `#drivers-cash tr[data-driver="livreur"]`)
	if !strings.Contains(cash, "23,00") {
		t.Errorf("driver's cash: %q, want 23,00 €", cash)
	}
	p.Screenshot(road, "dispatch-cash")

	// The manager: the stock shows two doughs, 220 g of mozzarella and
	// 120 g of ham gone, as consumption of the order.
	p.Run(office, "open the stock", open(p, "/stock"),
		chromedp.WaitVisible(chromedp.ID("stock-levels")))
	for id, want := range map[string]string{
		"pate": "118 pièce(s)", "mozzarella": "14780 g", "jambon": "2880 g",
	} {
		if got := p.Text(office, `#stock-levels tr[data-ingredient="`+id+`"] .on-hand`); got != want {
			t.Errorf("%s on hand: %q, want %q", id, got, want)
		}
	}
	if ledger := p.Text(office, "#ledger"); strings.Count(ledger, "commande") < 5 {
		t.Errorf("ledger lacks the order's consumption:\n%s", ledger)
	}
	p.Screenshot(office, "stock")

	// The day's figures and the board, for the record.
	p.Run(office, "open today", open(p, "/today"), chromedp.WaitVisible(chromedp.ID("figures")))
	if got := p.Text(office, "#fig-revenue"); got != "23,00\u00a0€" {
		t.Errorf("today's revenue %q, want 23,00 €", got)
	}
	p.Screenshot(office, "today")
	p.Run(office, "open the board again", open(p, "/orders"),
		chromedp.WaitVisible(chromedp.ID("board")))
	p.Screenshot(office, "board-closed")
}

// TestBrowserSoldOutProduct: once the last tiramisu is sold it shows as
// sold out and cannot be added, and a form opened before is refused by the
// server with a sentence.
func TestBrowserSoldOutProduct(t *testing.T) {
	p := startPizzeria(t)

	// The manager opened the order page earlier and put a tiramisu in.
	stale := p.staff("gerant")
	p.Run(stale, "prepare a tiramisu order",
		open(p, "/order"),
		chromedp.Click(chromedp.CSS(`input[name="channel"][value="counter"]`)),
		chromedp.Click(chromedp.CSS(`input[name="fulfilment"][value="pickup"]`)),
		chromedp.SendKeys(chromedp.ID("name"), "M. Petit"),
		chromedp.SendKeys(chromedp.ID("product-filter"), "tira\r"),
		chromedp.WaitVisible(chromedp.CSS(`li.product.chosen[data-product="tiramisu"]`)),
	)

	// The order taker sells the four tiramisus left: Enter stops at four.
	desk := p.staff("caisse")
	p.Run(desk, "sell every tiramisu",
		open(p, "/order"),
		chromedp.Click(chromedp.CSS(`input[name="channel"][value="counter"]`)),
		chromedp.Click(chromedp.CSS(`input[name="fulfilment"][value="pickup"]`)),
		chromedp.SendKeys(chromedp.ID("name"), "Mme Leroy"),
		chromedp.SendKeys(chromedp.ID("product-filter"), "tira\r\r\r\r\r"),
	)
	if qty := value(t, desk, "qty-tiramisu"); qty != "4" {
		t.Fatalf("tiramisu quantity %q, want 4 (all there is)", qty)
	}
	p.Run(desk, "take the order",
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.ID("order-done")),
		chromedp.WaitVisible(chromedp.CSS(`li.product.out[data-product="tiramisu"]`)),
		ready(),
	)
	li := p.Text(desk, `li[data-product="tiramisu"]`)
	if !strings.Contains(strings.ToLower(li), "épuisé") {
		t.Errorf("tiramisu shows %q, want it sold out", li)
	}

	// Typing it and Enter adds nothing now.
	p.Run(desk, "try to add a tiramisu",
		chromedp.SendKeys(chromedp.ID("product-filter"), "tira\r"))
	if qty := value(t, desk, "qty-tiramisu"); qty != "" {
		t.Errorf("a sold-out tiramisu was added: quantity %q", qty)
	}
	p.Screenshot(desk, "sold-out")

	// The page opened before is refused by the server, with the reason.
	p.Run(stale, "submit the old form",
		chromedp.Focus(chromedp.ID("name")),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.ID("lines-error")),
	)
	msg := p.Text(stale, "#lines-error")
	if msg != "Stock insuffisant pour Tiramisu : 1 demandé(s), 0 possible(s)." {
		t.Errorf("refusal %q", msg)
	}
	p.Screenshot(stale, "refused")
}
