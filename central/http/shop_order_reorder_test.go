package http_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// cartOf returns the JSON a cart cookie holds, failing the test when
// there is none or it is cleared.
func cartOf(t *testing.T, c *http.Cookie) string {
	t.Helper()
	if c == nil || c.MaxAge < 0 {
		t.Fatalf("no cart cookie: %+v", c)
	}
	data, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestOrderReorder puts an order's lines back in the cart from its page:
// the lines the pizzeria can make go back, the others are named on its
// menu; another customer's order is a 404. An online order whose payment
// failed, which no pizzeria ever had, goes back to the first pizzeria
// serving its address; a pick-up of that kind cannot.
func TestOrderReorder(t *testing.T) {
	w := newWebEnv(t)
	anna := customerCookie(w.customer)
	(&pizzeria{id: "paris-11"}).stockUp(t, w, map[string]int64{"pate": 10, "mozzarella": 1000})

	// Two margheritas with a note, and a cola paris-11 has none of.
	resp := w.do(t, w.customer, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "pickup", "pizzeria": "paris-11", "payment_method": "on_delivery",
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 2, "note": "bien cuite"},
			{"product_id": "cola", "quantity": 1}}})
	resp.wantStatus(t, http.StatusAccepted)
	var o central.WebOrder
	resp.decode(t, &o)
	page := "/commandes/" + o.ID
	w.page(t, page, anna).wantPage(t, http.StatusOK, `id="recommander"`,
		`action="/commandes/`+o.ID+`/recommander"`, "Commander à nouveau")

	// Back in the cart, but the cola, which the menu names.
	resp = w.postShop(t, page+"/recommander", nil, anna)
	resp.wantRedirect(t, "/commander/paris-11?reprise="+o.ID+"#panier")
	cart := resp.cookie(centralhttp.CartCookie)
	want := `{"p":"paris-11","l":[{"id":"margherita","q":2,"n":"bien cuite"}]}`
	if got := cartOf(t, cart); got != want {
		t.Fatalf("cart %s, want %s", got, want)
	}
	w.page(t, "/commander/paris-11?reprise="+o.ID, anna, cart).wantPage(t, http.StatusOK,
		"de nouveau dans le panier, sauf ceux que la pizzeria ne peut pas préparer "+
			"maintenant : Cola 33 cl.",
		"bien cuite", `id="commander"`)

	// Another customer: 404, no cart, and the menu says nothing of it.
	luca := customerCookie(w.signUpAndLogIn(t, "luca@example.fr"))
	resp = w.postShop(t, page+"/recommander", nil, luca)
	resp.wantPage(t, http.StatusNotFound, "Cette commande n'existe pas dans votre compte.")
	if c := resp.cookie(centralhttp.CartCookie); c != nil {
		t.Errorf("another's order set a cart: %+v", c)
	}
	menu := w.page(t, "/commander/paris-11?reprise="+o.ID, luca)
	if strings.Contains(string(menu.Body), "de nouveau dans le panier") {
		t.Errorf("luca's menu speaks of anna's order")
	}

	// A declined card: the delivery goes back to paris-11, the first
	// pizzeria serving 75011.
	failed := w.order(t, central.PayOnline)
	w.payWith(t, failed, "4000000000000002")
	eventually(t, "payment_failed", func() bool {
		return w.get(t, failed.ID).State == central.WebPaymentFailed
	})
	w.page(t, "/commandes/"+failed.ID+"/etat", anna).wantPage(t, http.StatusOK,
		"Paiement non abouti", `id="recommander"`)
	resp = w.postShop(t, "/commandes/"+failed.ID+"/recommander", nil, anna)
	resp.wantRedirect(t, "/commander/paris-11?reprise="+failed.ID+"#panier")
	cart = resp.cookie(centralhttp.CartCookie)
	if got := cartOf(t, cart); got != `{"p":"paris-11","l":[{"id":"margherita","q":2}]}` {
		t.Fatalf("cart %s", got)
	}
	w.page(t, "/commander/paris-11?reprise="+failed.ID, anna, cart).wantPage(t, http.StatusOK,
		"Les produits de votre commande sont de nouveau dans le panier : vérifiez-le, puis validez.")

	// An unpaid pick-up cancelled before any pizzeria had it goes back to
	// the pizzeria it was ordered from.
	resp = w.do(t, w.customer, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "pickup", "pizzeria": "paris-20", "payment_method": "online",
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 1}}})
	resp.wantStatus(t, http.StatusAccepted)
	var pickup central.WebOrder
	resp.decode(t, &pickup)
	w.postShop(t, "/commandes/"+pickup.ID+"/annuler", nil, anna).wantStatus(t, http.StatusSeeOther)
	w.page(t, "/commandes/"+pickup.ID+"/etat", anna).wantPage(t, http.StatusOK, `id="recommander"`)
	w.postShop(t, "/commandes/"+pickup.ID+"/recommander", nil, anna).
		wantRedirect(t, "/commander/paris-20?reprise="+pickup.ID+"#panier")
}
