package http_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/syncproto"
)

// tokenField is the one-time token of a checkout form.
var tokenField = regexp.MustCompile(`name="token" value="([A-Z2-7]{26})"`)

// customerCookie is the website's cookie of a customer's session.
func customerCookie(token string) *http.Cookie {
	return &http.Cookie{Name: centralhttp.CustomerCookie, Value: token}
}

// cartWith adds a product to a new cart of a pizzeria and returns the cart
// cookie.
func (e *testEnv) cartWith(tb testing.TB, pizzeria, product, quantity, note string) *http.Cookie {
	tb.Helper()
	resp := e.postShop(tb, "/commander/"+pizzeria+"/panier",
		url.Values{"product": {product}, "quantity": {quantity}, "note": {note}})
	resp.wantStatus(tb, http.StatusSeeOther)
	c := resp.cookie(centralhttp.CartCookie)
	if c == nil {
		tb.Fatalf("no cart cookie after adding %s", product)
	}
	return c
}

// checkoutToken opens the checkout page of a pizzeria and returns the
// token of its form.
func (e *testEnv) checkoutToken(tb testing.TB, pizzeria string, cookies ...*http.Cookie) string {
	tb.Helper()
	resp := e.page(tb, "/commander/"+pizzeria+"/commande", cookies...)
	resp.wantStatus(tb, http.StatusOK)
	m := tokenField.FindSubmatch(resp.Body)
	if m == nil {
		tb.Fatalf("checkout page without a token:\n%s", resp.Body)
	}
	return string(m[1])
}

// countWebOrders counts every web order stored.
func (e *testEnv) countWebOrders(tb testing.TB) int {
	tb.Helper()
	var n int
	err := e.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM web_orders`).Scan(&n)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// orderIDFrom reads the order id of a /commandes/{id} location.
func orderIDFrom(tb testing.TB, location string) string {
	tb.Helper()
	id, ok := strings.CutPrefix(location, "/commandes/")
	if !ok {
		tb.Fatalf("location %q is not an order page", location)
	}
	id, _, _ = strings.Cut(id, "?")
	return id
}

func TestCheckoutNeedsACustomer(t *testing.T) {
	env, _ := newShopEnv(t)
	staff := &http.Cookie{Name: centralhttp.SessionCookie, Value: env.Tokens["head_office"]}
	back := "/connexion?suite=%2Fcommander%2Fparis-11%2Fcommande"
	env.page(t, "/commander/paris-11/commande").wantRedirect(t, back)
	env.page(t, "/commander/paris-11/commande", staff).wantRedirect(t, back)
}

// TestCheckoutRefusals posts checkout forms that must be refused: each
// comes back with its sentence next to the field, and no order is
// written.
func TestCheckoutRefusals(t *testing.T) {
	env, _ := newShopEnv(t)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
	anna := customerCookie(env.signUpAndLogIn(t, "anna@example.fr"))
	cart := env.cartWith(t, "paris-11", "margherita", "2", "")
	token := env.checkoutToken(t, "paris-11", anna, cart)

	// A kept address that paris-20 delivers and paris-11 does not.
	resp := env.do(t, anna.Value, "POST", "/api/v1/customer/addresses", map[string]string{
		"street": "5 rue des Pyrénées", "postcode": "75020", "city": "Paris"})
	resp.wantStatus(t, http.StatusCreated)
	var gambetta central.Address
	resp.decode(t, &gambetta)

	// A cart holding a cola, which paris-11 cannot make.
	cola := &http.Cookie{Name: centralhttp.CartCookie, Value: base64.RawURLEncoding.EncodeToString(
		[]byte(`{"p":"paris-11","l":[{"id":"cola","q":1}]}`))}

	typed := url.Values{"token": {token}, "fulfilment": {"delivery"}, "address": {"new"},
		"street": {"12 rue de la Roquette"}, "postcode": {"75011"}, "city": {"Paris"},
		"payment_method": {"on_delivery"}, "total_cents": {"1900"}}
	with := func(changes ...string) url.Values { return formWith(typed, changes...) }
	tests := []struct {
		name   string
		form   url.Values
		cart   *http.Cookie
		status int
		texts  []string
	}{
		{"empty cart", with(), nil, http.StatusUnprocessableEntity,
			[]string{`id="panier-erreur"`, "Votre commande est vide"}},
		{"cart that cannot be made", with(), cola, http.StatusConflict,
			[]string{`id="panier-erreur"`, "« Cola 33 cl » ne peut pas être préparé"}},
		{"typed address not served", with("postcode", "69002", "city", "Lyon"), cart,
			http.StatusUnprocessableEntity,
			[]string{`id="adresse-erreur"`, "Paris Bastille ne livre pas le 69002", `value="69002"`}},
		{"kept address not served", with("address", gambetta.ID), cart,
			http.StatusUnprocessableEntity,
			[]string{`id="adresse-erreur"`, "Paris Bastille ne livre pas le 75020"}},
		{"another's address", with("address", uuidV7(t)), cart, http.StatusUnprocessableEntity,
			[]string{`id="adresse-erreur"`, "Cette adresse n'existe pas dans votre compte."}},
		{"no street", with("street", " "), cart, http.StatusUnprocessableEntity,
			[]string{`id="street-erreur"`, "Ce champ est obligatoire.", `aria-invalid="true"`}},
		{"bad payment method", with("payment_method", "cheque"), cart,
			http.StatusUnprocessableEntity,
			[]string{`id="payment_method-erreur"`, "Choisissez le paiement en ligne ou à la livraison."}},
		{"no payment method", with("payment_method", ""), cart, http.StatusUnprocessableEntity,
			[]string{`id="payment_method-erreur"`}},
		{"bad fulfilment", with("fulfilment", "drone"), cart, http.StatusUnprocessableEntity,
			[]string{`id="fulfilment-erreur"`, "Choisissez la livraison ou le retrait sur place."}},
		{"online without a provider", with("payment_method", "online"), cart,
			http.StatusUnprocessableEntity,
			[]string{`id="payment_method-erreur"`, "Le paiement en ligne est indisponible"}},
		{"no token", with("token", ""), cart, http.StatusBadRequest,
			[]string{"Ce formulaire a expiré"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cookies := []*http.Cookie{anna}
			if tt.cart != nil {
				cookies = append(cookies, tt.cart)
			}
			resp := env.postShop(t, "/commander/paris-11/commande", tt.form, cookies...)
			resp.wantPage(t, tt.status, tt.texts...)
			if tt.cart != nil && !tokenField.Match(resp.Body) {
				t.Errorf("the form came back without a token")
			}
		})
	}
	if n := env.countWebOrders(t); n != 0 {
		t.Fatalf("%d web orders written by refused forms", n)
	}

	// The same token, corrected, still makes the order: a refusal keeps
	// nothing of it.
	env.postShop(t, "/commander/paris-11/commande", with(), anna, cart).
		wantStatus(t, http.StatusSeeOther)
	if n := env.countWebOrders(t); n != 1 {
		t.Fatalf("%d web orders after the corrected form", n)
	}
}

// TestCheckoutPaidOnDelivery orders the cart for delivery to a kept
// address, paid at the door: the order has the cart's lines at the menu's
// prices, goes to paris-11, the cart is forgotten and the browser lands
// on the order's page. The same form posted again lands there too.
func TestCheckoutPaidOnDelivery(t *testing.T) {
	env, _ := newShopEnv(t)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
	token := env.signUpAndLogIn(t, "anna@example.fr")
	anna := customerCookie(token)
	resp := env.do(t, token, "POST", "/api/v1/customer/addresses", map[string]string{
		"label": "Maison", "street": "12 rue de la Roquette", "postcode": "75011", "city": "Paris"})
	resp.wantStatus(t, http.StatusCreated)
	var home central.Address
	resp.decode(t, &home)

	// The menu leads to the checkout, which shows the cart and the address.
	cart := env.cartWith(t, "paris-11", "margherita", "2", "bien cuite")
	env.page(t, "/commander/paris-11", cart).wantPage(t, http.StatusOK,
		`href="/commander/paris-11/commande"`, "Commander")
	page := env.page(t, "/commander/paris-11/commande", anna, cart)
	page.wantPage(t, http.StatusOK, "Votre commande chez Paris Bastille", "2 × Margherita",
		"19,00 €", "bien cuite", `id="adresse-`+home.ID+`" name="address" value="`+home.ID+`" checked`,
		`id="livraison"`, `id="emporter"`, `id="paiement-en-ligne"`, `id="paiement-livraison"`,
		`id="valider-commande"`, "Valider la commande (19,00 €)")

	// Ordered: the cart is forgotten, the order's page follows.
	form := url.Values{"token": {string(tokenField.FindSubmatch(page.Body)[1])},
		"fulfilment": {"delivery"}, "address": {home.ID}, "payment_method": {"on_delivery"},
		"total_cents": {"1900"}}
	resp = env.postShop(t, "/commander/paris-11/commande", form, anna, cart)
	resp.wantStatus(t, http.StatusSeeOther)
	location := resp.Header.Get("Location")
	id := orderIDFrom(t, location)
	if c := resp.cookie(centralhttp.CartCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("the cart was kept: %+v", c)
	}
	var o central.WebOrder
	env.do(t, token, "GET", "/api/v1/customer/orders/"+id, nil).decode(t, &o)
	if o.State != central.WebWaiting || o.Pizzeria != "paris-11" || o.TotalCents != 1900 ||
		o.Address != "12 rue de la Roquette, 75011 Paris" || o.PaymentMethod != central.PayOnDelivery {
		t.Fatalf("order: %+v", o)
	}
	if len(o.Lines) != 1 || o.Lines[0].ProductID != "margherita" || o.Lines[0].Quantity != 2 ||
		o.Lines[0].UnitPriceCents != 950 || o.Lines[0].Note != "bien cuite" {
		t.Fatalf("lines: %+v", o.Lines)
	}
	env.page(t, location, anna).wantPage(t, http.StatusOK, "Merci ! Votre commande est enregistrée.",
		`id="statut"`, `data-status="placed"`, "Transmise à la pizzeria")

	// The same form again, cart and all: the same order, no other.
	env.postShop(t, "/commander/paris-11/commande", form, anna, cart).wantRedirect(t, location)
	if n := env.countWebOrders(t); n != 1 {
		t.Fatalf("%d web orders after a second post", n)
	}
}

// TestCheckoutDoublePostAtOnce posts the same form twice at the same time,
// as a double click does: one order, and both answers lead to it.
func TestCheckoutDoublePostAtOnce(t *testing.T) {
	env, _ := newShopEnv(t)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
	anna := customerCookie(env.signUpAndLogIn(t, "anna@example.fr"))
	cart := env.cartWith(t, "paris-11", "margherita", "1", "")
	form := url.Values{"token": {env.checkoutToken(t, "paris-11", anna, cart)},
		"fulfilment": {"pickup"}, "payment_method": {"on_delivery"}, "total_cents": {"950"}}

	var wg sync.WaitGroup
	locations := make([]string, 2)
	statuses := make([]int, 2)
	for i := range 2 {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", env.HTTP.URL+"/commander/paris-11/commande",
				strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", env.HTTP.URL)
			req.AddCookie(anna)
			req.AddCookie(cart)
			resp, err := env.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i], locations[i] = resp.StatusCode, resp.Header.Get("Location")
		})
	}
	wg.Wait()
	if statuses[0] != http.StatusSeeOther || statuses[1] != http.StatusSeeOther ||
		locations[0] != locations[1] {
		t.Fatalf("answers %v to %q", statuses, locations)
	}
	if n := env.countWebOrders(t); n != 1 {
		t.Fatalf("%d web orders from one form posted twice", n)
	}
}

// TestCheckoutPaidOnline orders the cart for pick-up, paid online: the
// browser goes to the simulator's page, which sends it back to the
// order's page; the order is placed once the webhook confirms it.
func TestCheckoutPaidOnline(t *testing.T) {
	w := newWebEnv(t)
	reportStock(t, w.testEnv, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})
	anna := customerCookie(w.customer)
	cart := w.cartWith(t, "paris-11", "margherita", "1", "")

	// The checkout page lets its form lead to the provider's page, and
	// nowhere else.
	page := w.page(t, "/commander/paris-11/commande", anna, cart)
	if csp := page.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp,
		"form-action 'self' "+w.paysim.URL) {
		t.Errorf("checkout policy %q", csp)
	}
	form := url.Values{"token": {string(tokenField.FindSubmatch(page.Body)[1])},
		"fulfilment": {"pickup"}, "payment_method": {"online"}, "total_cents": {"950"}}
	resp := w.postShop(t, "/commander/paris-11/commande", form, anna, cart)
	resp.wantStatus(t, http.StatusSeeOther)
	payURL := resp.Header.Get("Location")
	if !strings.HasPrefix(payURL, w.paysim.URL+"/pay/") {
		t.Fatalf("sent to %q, not the simulator's page", payURL)
	}

	// Waiting for the payment: the order's page says so and links to it.
	orders := w.listOrders(t)
	if len(orders) != 1 || orders[0].State != central.WebAwaitingPayment {
		t.Fatalf("orders: %+v", orders)
	}
	o := orders[0]
	w.page(t, "/commandes/"+o.ID, anna).wantPage(t, http.StatusOK, `data-status="awaiting_payment"`,
		"Nous attendons la confirmation de votre paiement", `id="payer"`, `href="`+payURL+`"`)

	// Paid: back to the order's page, placed once the webhook is in.
	back := w.payReturn(t, o.PaymentURL, "4242424242424242")
	if !strings.HasPrefix(back, w.HTTP.URL+"/commandes/"+o.ID+"?") {
		t.Fatalf("the payment page returns to %q", back)
	}
	eventually(t, "order.place for paris-11", func() bool {
		return len(w.commands(t, "paris-11", syncproto.CommandOrderPlace)) == 1
	})
	w.page(t, "/commandes/"+o.ID, anna).wantPage(t, http.StatusOK, `data-status="placed"`,
		"Paiement : payée en ligne", "À emporter")
}

// listOrders reads the customer's orders through the API.
func (w *webEnv) listOrders(t *testing.T) []central.WebOrder {
	t.Helper()
	var orders []central.WebOrder
	w.do(t, w.customer, "GET", "/api/v1/customer/orders", nil).decode(t, &orders)
	return orders
}

// payReturn pays on the simulator's page with a card and returns where
// it sends the browser back.
func (w *webEnv) payReturn(t *testing.T, payURL, number string) string {
	t.Helper()
	form := url.Values{"number": {number}, "expiry": {"12/30"}, "cvc": {"123"}}
	req, _ := http.NewRequest(http.MethodPost, payURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", w.paysim.URL)
	resp, err := w.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pay: status %d", resp.StatusCode)
	}
	return resp.Header.Get("Location")
}

// formWith returns a copy of the form base with changes, given as name
// then value, set on it.
func formWith(base url.Values, changes ...string) url.Values {
	f := url.Values{}
	for k, v := range base {
		f[k] = v
	}
	for i := 0; i < len(changes); i += 2 {
		f.Set(changes[i], changes[i+1])
	}
	return f
}
