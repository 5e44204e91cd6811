package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

func TestOrderTaken(t *testing.T) {
	site := newSite(t, nil)
	b := site.login("caisse")

	// Two Reines and a Coca-Cola, paid at once at the counter.
	res := b.order(url.Values{"qty.reine": {"2"}, "qty.coca-cola-33cl": {"1"}, "note.reine": {"bien cuite"},
		"paid_now": {"1"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/order?done=") {
		t.Fatalf("order: status %d to %q\n%s", res.status, res.header.Get("Location"), res.body)
	}
	id := strings.TrimPrefix(res.header.Get("Location"), "/order?done=")
	o, err := site.db.FindOrderByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if o.TotalCents != 2650 || o.PaymentStatus != edge.PaymentPaid || len(o.Lines) != 2 ||
		o.Lines[0].Note != "bien cuite" || o.Customer.Phone != "0612345678" {
		t.Errorf("order = %+v", o)
	}
	wantContains(t, b.get(res.header.Get("Location")), "Commande 1 enregistrée : 26,50\u00a0€", "Paiement encaissé.")

	// The same form posted twice (a double click) takes one order.
	form := url.Values{"key": {"double"}, "qty.margherita": {"1"}}
	first, second := b.order(form), b.order(form)
	if first.header.Get("Location") != second.header.Get("Location") {
		t.Errorf("a form posted twice took two orders: %s, %s", first.header.Get("Location"), second.header.Get("Location"))
	}

	// The caller is found by phone number, with their address.
	found := b.get("/order/customers?phone=0612345678")
	wantContains(t, found, `data-name="Mme Durand"`, `data-address="12 rue Oberkampf, 75011 Paris"`)
	page := b.get("/order?phone=06+12+34+56+78")
	wantContains(t, page, `value="Mme Durand"`, `value="12 rue Oberkampf, 75011 Paris"`)
}

func TestOrderErrorsShownNextToFields(t *testing.T) {
	site := newSite(t, map[string]int64{"pate": 1, "sauce-tomate": 1000, "mozzarella": 1000,
		"coca-cola-33cl": 10, "basilic": 100})
	b := site.login("caisse")

	tests := []struct {
		name   string
		form   url.Values
		status int
		within string // the element that holds the sentence
		says   string
	}{
		{"no name", url.Values{"name": {" "}, "qty.margherita": {"1"}}, 422, `id="name-error">`, edge.Message(edge.MsgRequired)},
		{"bad phone", url.Values{"phone": {"06-abc"}, "qty.margherita": {"1"}}, 422, `id="phone-error">`, edge.Message(edge.MsgBadPhone)},
		{"no address", url.Values{"address": {""}, "qty.margherita": {"1"}}, 422, `id="address-error">`, edge.Message(edge.MsgAddressRequired)},
		{"no product", url.Values{}, 422, `id="lines-error">`, edge.Message(edge.MsgNoLines)},
		{"not a number", url.Values{"qty.margherita": {"deux"}}, 422, `role="alert">`, edge.Message(edge.MsgNotANumber)},
		{"too many", url.Values{"qty.margherita": {"51"}}, 422, `role="alert">`, "La quantité dépasse 50."},
		{"stock short", url.Values{"qty.margherita": {"2"}}, 409, `id="lines-error">`, "Stock insuffisant pour Margherita : 2 demandé(s), 1 possible(s)."},
		{"sold out", url.Values{"qty.reine": {"1"}}, 409, `id="lines-error">`, "Stock insuffisant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.order(tt.form)
			if res.status != tt.status {
				t.Fatalf("status %d, want %d", res.status, tt.status)
			}
			wantContains(t, res, tt.within+htmlEscape(tt.says))
			// The form comes back as typed.
			wantContains(t, res, `id="order-form"`, `name="key"`)
		})
	}
	if orders, _ := site.db.FindOrders(t.Context(), edge.OrderFilter{}); len(orders) != 0 {
		t.Errorf("refused forms took %d orders", len(orders))
	}

	// A product that cannot be made is shown so, its quantity disabled.
	page := b.get("/order")
	reine := page.body[strings.Index(page.body, `data-product="reine"`):]
	reine = reine[:strings.Index(reine, "</li>")]
	for _, want := range []string{"épuisé", "disabled"} {
		if !strings.Contains(reine, want) {
			t.Errorf("sold-out Reine lacks %q:\n%s", want, reine)
		}
	}
}

func TestTransitionsFromTheBoard(t *testing.T) {
	site := newSite(t, nil)
	caisse := site.login("caisse")
	caisse.order(url.Values{"qty.reine": {"1"}})
	orders, _ := site.db.FindOrders(t.Context(), edge.OrderFilter{})
	id := orders[0].ID

	// The order taker cannot start a preparation: a 403 page, nothing moves.
	res := caisse.post("/orders/"+id+"/transition", url.Values{"to": {"preparing"}, "back": {"/orders"}})
	if res.status != http.StatusForbidden {
		t.Errorf("order taker starts preparation: status %d, want 403", res.status)
	}

	// The pizzaiolo can; a second press is refused as a sentence on the
	// kitchen page.
	chef := site.login("pizzaiolo")
	res = chef.post("/orders/"+id+"/transition", url.Values{"to": {"preparing"}, "back": {"/kitchen"}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/kitchen" {
		t.Fatalf("start: status %d to %q", res.status, res.header.Get("Location"))
	}
	chef.post("/orders/"+id+"/transition", url.Values{"to": {"preparing"}, "back": {"/kitchen"}})
	wantContains(t, chef.get("/kitchen"), `id="action-error">`+htmlEscape("Impossible de passer une commande « en préparation » à « en préparation »."))
	if res := chef.get("/kitchen"); strings.Contains(res.body, `id="action-error"`) {
		t.Error("the refusal is shown twice")
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("'", "&#39;", `"`, "&#34;").Replace(s)
}
