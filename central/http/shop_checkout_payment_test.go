package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// TestCheckoutPaymentPageOrigin checks the checkout against the payment
// page's origin central is configured with: the page's form-action
// allows that origin alone, and a payment URL elsewhere sends no browser
// there. The order is marked failed and the form comes back, cart kept,
// saying that payment is unavailable; without an origin configured, the
// same.
func TestCheckoutPaymentPageOrigin(t *testing.T) {
	for _, origin := range []string{"https://paiement.example.fr", ""} {
		t.Run("origin "+origin, func(t *testing.T) {
			w := newWebEnv(t)
			centralhttp.SetPaymentPageOrigin(w.Server, origin)
			reportStock(t, w.testEnv, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
			anna := customerCookie(w.customer)
			cart := w.cartWith(t, "paris-11", "margherita", "1", "")

			page := w.page(t, "/commander/paris-11/commande", anna, cart)
			policy := page.Header.Get("Content-Security-Policy")
			if !strings.HasSuffix(policy, strings.TrimSpace("form-action 'self' "+origin)) ||
				strings.Contains(policy, "https:;") || strings.Contains(policy, "http:") {
				t.Errorf("checkout policy %q", policy)
			}
			form := url.Values{"token": {string(tokenField.FindSubmatch(page.Body)[1])},
				"fulfilment": {"pickup"}, "payment_method": {"online"}, "total_cents": {"950"}}
			resp := w.postShop(t, "/commander/paris-11/commande", form, anna, cart)
			resp.wantPage(t, http.StatusConflict, central.Message(central.MsgPaymentUnavailable))
			if c := resp.cookie(centralhttp.CartCookie); c != nil {
				t.Errorf("the cart changed: %+v", c)
			}
			orders := w.listOrders(t)
			if len(orders) != 1 || orders[0].State != central.WebPaymentFailed {
				t.Fatalf("orders: %+v", orders)
			}
		})
	}
}
