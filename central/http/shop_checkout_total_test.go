package http_test

import (
	"net/http"
	"net/url"
	"testing"

	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// TestCheckoutTotalChecked posts the checkout form with the total it
// showed: a total the cart no longer costs (the prices moved since, or
// the field is missing) is refused above the cart with 409, the form
// comes back with the new total, and nothing is written.
func TestCheckoutTotalChecked(t *testing.T) {
	env, _ := newShopEnv(t)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
	anna := customerCookie(env.signUpAndLogIn(t, "anna@example.fr"))
	cart := env.cartWith(t, "paris-11", "margherita", "2", "")
	env.page(t, "/commander/paris-11/commande", anna, cart).wantPage(t, http.StatusOK,
		`name="total_cents" value="1900"`)
	form := url.Values{"token": {env.checkoutToken(t, "paris-11", anna, cart)},
		"fulfilment": {"pickup"}, "payment_method": {"on_delivery"}}

	for _, shown := range []string{"1800", "", "19,00"} {
		form.Set("total_cents", shown)
		resp := env.postShop(t, "/commander/paris-11/commande", form, anna, cart)
		resp.wantPage(t, http.StatusConflict, `id="panier-erreur"`,
			"Les prix ont changé depuis l'affichage : vérifiez le nouveau total.",
			`name="total_cents" value="1900"`, "Valider la commande (19,00 €)")
		if resp.cookie(centralhttp.CartCookie) != nil {
			t.Errorf("total %q: the cart cookie changed", shown)
		}
	}
	if n := env.countWebOrders(t); n != 0 {
		t.Fatalf("%d web orders written at a total the customer did not see", n)
	}

	// The total shown, posted with the same form: ordered.
	form.Set("total_cents", "1900")
	env.postShop(t, "/commander/paris-11/commande", form, anna, cart).
		wantStatus(t, http.StatusSeeOther)
}
