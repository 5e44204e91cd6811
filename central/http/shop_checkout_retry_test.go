package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// TestCheckoutRetryForgetsTheCart posts the same form again after its
// order was made, cart cookie and all, as a browser retrying after a lost
// answer does: it lands on the same order, and the cart is forgotten
// there too.
func TestCheckoutRetryForgetsTheCart(t *testing.T) {
	env, _ := newShopEnv(t)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
	anna := customerCookie(env.signUpAndLogIn(t, "anna@example.fr"))
	cart := env.cartWith(t, "paris-11", "margherita", "1", "")
	form := url.Values{"token": {env.checkoutToken(t, "paris-11", anna, cart)},
		"fulfilment": {"pickup"}, "payment_method": {"on_delivery"}, "total_cents": {"950"}}

	first := env.postShop(t, "/commander/paris-11/commande", form, anna, cart)
	first.wantStatus(t, http.StatusSeeOther)
	again := env.postShop(t, "/commander/paris-11/commande", form, anna, cart)
	again.wantRedirect(t, first.Header.Get("Location"))
	if c := again.cookie(centralhttp.CartCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("the retry kept the cart: %+v", c)
	}
	if n := env.countWebOrders(t); n != 1 {
		t.Fatalf("%d web orders from one form posted twice", n)
	}

	// Posted once more after the answer came, its cart gone (the back
	// button): still the same order, found by the form's token.
	env.postShop(t, "/commander/paris-11/commande", form, anna).
		wantRedirect(t, first.Header.Get("Location"))
	if n := env.countWebOrders(t); n != 1 {
		t.Fatalf("%d web orders after the form came back without its cart", n)
	}
}

// TestCheckoutFormAgainAfterADeclinedCard posts an online checkout, posts
// the same form again (it leads to the same payment page), has the card
// declined, then goes back and posts the form once more: the customer is
// told the payment did not go through and gets a fresh form, which
// orders anew.
func TestCheckoutFormAgainAfterADeclinedCard(t *testing.T) {
	w := newWebEnv(t)
	reportStock(t, w.testEnv, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
	anna := customerCookie(w.customer)
	cart := w.cartWith(t, "paris-11", "margherita", "1", "")
	form := url.Values{"token": {w.checkoutToken(t, "paris-11", anna, cart)},
		"fulfilment": {"pickup"}, "payment_method": {"online"}, "total_cents": {"950"}}

	first := w.postShop(t, "/commander/paris-11/commande", form, anna, cart)
	first.wantStatus(t, http.StatusSeeOther)
	payURL := first.Header.Get("Location")
	w.postShop(t, "/commander/paris-11/commande", form, anna, cart).wantRedirect(t, payURL)

	w.payReturn(t, payURL, "4000000000000002")
	orders := w.listOrders(t)
	if len(orders) != 1 {
		t.Fatalf("%d orders from one form", len(orders))
	}
	eventually(t, "payment_failed", func() bool {
		return w.get(t, orders[0].ID).State == central.WebPaymentFailed
	})

	back := w.postShop(t, "/commander/paris-11/commande", form, anna, cart)
	back.wantPage(t, http.StatusConflict, "Le paiement n", "pas abouti")
	fresh := string(tokenField.FindSubmatch(back.Body)[1])
	if fresh == form.Get("token") {
		t.Fatal("the form came back with the token of the failed order")
	}
	form.Set("token", fresh)
	again := w.postShop(t, "/commander/paris-11/commande", form, anna, cart)
	again.wantStatus(t, http.StatusSeeOther)
	if loc := again.Header.Get("Location"); loc == payURL || !strings.HasPrefix(loc, w.paysim.URL+"/pay/") {
		t.Fatalf("the new form leads to %q (the failed one's was %q)", loc, payURL)
	}
	if n := w.countWebOrders(t); n != 2 {
		t.Fatalf("%d orders, want the failed one and the new one", n)
	}
}
