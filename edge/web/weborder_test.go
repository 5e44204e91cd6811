package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestBoardWebOrders shows a web order on the board, marked web and paid
// online, and lets the manager alone close and reopen web orders.
func TestBoardWebOrders(t *testing.T) {
	site := newSite(t, nil)
	product := syncproto.DemoCatalog().Products[0].ID
	_, err := site.db.ReceiveOrder(t.Context(), edge.OrderReceive{
		ID: uuid.Must(uuid.NewV7()).String(), Fulfilment: edge.FulfilmentPickup,
		Customer:      edge.Customer{Name: "Ana Lopez", Phone: "0711223344"},
		Lines:         []edge.LineCreate{{ProductID: product, Quantity: 1}},
		PaymentMethod: edge.PaymentOnline, PaymentStatus: edge.PaymentPaid,
	})
	if err != nil {
		t.Fatal(err)
	}

	// The order taker sees the web order and the switch, without a button.
	taker := site.login("caisse")
	page := taker.get("/orders")
	wantContains(t, page, `class="badge web"`, "payée en ligne", "Commandes en ligne : ouvertes")
	if strings.Contains(page.body, `action="/orders/web"`) {
		t.Error("the order taker is offered the web orders switch")
	}
	if res := taker.post("/orders/web", url.Values{"open": {"0"}}); res.status != http.StatusForbidden {
		t.Errorf("order taker closing web orders: status %d", res.status)
	}

	// The manager closes them, then opens them again.
	manager := site.login("gerant")
	wantContains(t, manager.get("/orders"), `action="/orders/web"`, "Fermer les commandes en ligne")
	res := manager.post("/orders/web", url.Values{"open": {"0"}, "back": {"/orders"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("close: status %d\n%s", res.status, res.body)
	}
	if s, _ := site.db.FindWebOrderSettings(t.Context()); s.Open || s.UpdatedBy != "gerant" {
		t.Errorf("after closing: %+v", s)
	}
	wantContains(t, manager.get("/orders"), "Commandes en ligne : fermées", "Rouvrir les commandes en ligne")
	manager.post("/orders/web", url.Values{"open": {"1"}})
	if s, _ := site.db.FindWebOrderSettings(t.Context()); !s.Open {
		t.Error("web orders still closed after reopening")
	}
}
