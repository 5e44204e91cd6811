package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

func TestStockForms(t *testing.T) {
	site := newSite(t, map[string]int64{"pate": 10, "anchois": 100})
	b := site.login("gerant")

	// The page shows levels, the low-stock alert and what can be made.
	page := b.get("/stock")
	wantContains(t, page, `data-ingredient="pate" class="low"`, "stock bas", `id="low-alert"`, `id="makeable"`)

	// A receipt, then waste of more than there is: refused next to the
	// quantity, nothing written.
	res := b.post("/stock/movements", url.Values{"ingredient_id": {"pate"}, "kind": {"receipt"}, "quantity": {"40"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("receipt: status %d\n%s", res.status, res.body)
	}
	wantContains(t, b.get("/stock"), edge.Label("stock.moved"))
	res = b.post("/stock/movements", url.Values{"ingredient_id": {"pate"}, "kind": {"waste"}, "quantity": {"90"}})
	if res.status != http.StatusConflict {
		t.Errorf("waste beyond stock: status %d, want 409", res.status)
	}
	wantContains(t, res, `id="move-quantity-error">`+htmlEscape("Stock insuffisant de Pâton de pâte à pizza : 50 pièce(s) en stock."))
	res = b.post("/stock/movements", url.Values{"ingredient_id": {"pate"}, "kind": {"receipt"}, "quantity": {"beaucoup"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Errorf("quantity not a number: status %d, want 422", res.status)
	}
	wantContains(t, res, `id="move-quantity-error">`+edge.Message(edge.MsgNotANumber))

	// An inventory count adjusts only what differs.
	res = b.post("/stock/count", url.Values{"count.pate": {"48"}, "count.anchois": {"100"}, "count_note": {"soir"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("count: status %d\n%s", res.status, res.body)
	}
	wantContains(t, b.get("/stock"), "Inventaire enregistré : 2 ingrédient(s) compté(s), 1 ajustement(s).",
		`data-kind="adjustment" data-ingredient="pate"`)
	res = b.post("/stock/count", url.Values{"count.pate": {"-3"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Errorf("negative count: status %d, want 422", res.status)
	}
	wantContains(t, res, edge.Message(edge.MsgQuantityPositive))
	res = b.post("/stock/count", url.Values{})
	wantContains(t, res, edge.Message(edge.MsgNothingCounted))

	ingredients, _ := site.db.FindIngredients(t.Context())
	for _, i := range ingredients {
		if i.ID == "pate" && i.OnHand != 48 {
			t.Errorf("pate on hand = %d, want 48", i.OnHand)
		}
	}
}

func TestHeadOfficeReadsStockOnly(t *testing.T) {
	site := newSite(t, nil)
	page := site.login("siege").get("/stock")
	wantContains(t, page, `id="stock-levels"`, `id="ledger"`)
	for _, form := range []string{`id="move-form"`, `id="count-submit"`} {
		if strings.Contains(page.body, form) {
			t.Errorf("head office's stock page offers %s", form)
		}
	}
}

func TestTodayAndDispatch(t *testing.T) {
	site := newSite(t, nil)
	caisse, chef, livreur, gerant := site.login("caisse"), site.login("pizzaiolo"), site.login("livreur"), site.login("gerant")
	caisse.order(url.Values{"qty.reine": {"2"}})
	orders, _ := site.db.FindOrders(t.Context(), edge.OrderFilter{})
	id := orders[0].ID

	// Kitchen, then dispatch: taken, delivered with cash collected.
	for _, to := range []string{"preparing", "ready"} {
		chef.post("/orders/"+id+"/transition", url.Values{"to": {to}, "back": {"/kitchen"}})
	}
	wantContains(t, livreur.get("/dispatch"), `data-order="`+id+`"`, "Je la prends")
	livreur.post("/orders/"+id+"/transition", url.Values{"to": {"out_for_delivery"}, "back": {"/dispatch"}})
	res := livreur.post("/dispatch/"+id+"/delivered", url.Values{"method": {"cash"}, "back": {"/dispatch"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("delivered: status %d\n%s", res.status, res.body)
	}
	o, _ := site.db.FindOrderByID(t.Context(), id)
	if o.Status != edge.StatusDelivered || o.PaymentStatus != edge.PaymentPaid || o.PaidBy != "livreur" {
		t.Fatalf("order after delivery: %s, %s by %q", o.Status, o.PaymentStatus, o.PaidBy)
	}
	wantContains(t, livreur.get("/dispatch"), `data-driver="livreur"`, "23,00\u00a0€")

	// A bad payment method changes nothing.
	res = livreur.post("/dispatch/"+id+"/delivered", url.Values{"method": {"cheque"}})
	wantContains(t, livreur.get("/dispatch"), `id="action-error"`)

	// The day's figures.
	today := gerant.get("/today")
	wantContains(t, today, `id="fig-orders">1<`, `id="fig-revenue">23,00`, "téléphone")
	if res := gerant.get("/today?date=hier"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("bad date: status %d, want 422", res.status)
	}
}

func TestCounterPaymentOfAPickup(t *testing.T) {
	site := newSite(t, nil)
	b := site.login("caisse")
	b.order(url.Values{"fulfilment": {"pickup"}, "channel": {"counter"}, "address": {""},
		"qty.margherita": {"1"}})
	orders, _ := site.db.FindOrders(t.Context(), edge.OrderFilter{})
	id := orders[0].ID

	// The board offers the payment of a pick-up, and records it.
	wantContains(t, b.get("/orders"), `action="/orders/`+id+`/payment"`)
	res := b.post("/orders/"+id+"/payment", url.Values{"method": {"cash"}, "back": {"/orders"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("payment: status %d", res.status)
	}
	if o, _ := site.db.FindOrderByID(t.Context(), id); o.PaymentStatus != edge.PaymentPaid || o.PaidBy != "caisse" {
		t.Errorf("order after payment: %s by %q", o.PaymentStatus, o.PaidBy)
	}

	// Paying twice is refused with a sentence on the board.
	b.post("/orders/"+id+"/payment", url.Values{"method": {"cash"}, "back": {"/orders"}})
	wantContains(t, b.get("/orders"), `id="action-error">`+edge.Message(edge.MsgAlreadyPaid))
}
