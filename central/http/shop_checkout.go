package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// checkoutPage serves the checkout, with the tokens its forms carry.
type checkoutPage struct {
	*Server
	tokens *checkoutTokens
}

// checkoutView is the data of the checkout page: the cart priced from the
// menu, the customer's addresses and the form as posted.
type checkoutView struct {
	shopView
	Pizzeria    central.ShopPizzeria
	Stale       string
	Cart        cartView
	Addresses   []checkoutAddress
	OnlineOff   bool // no payment provider: online payment refused
	Form        checkoutForm
	SubmitLabel string
}

// checkoutAddress is a kept address, and whether this pizzeria delivers
// it.
type checkoutAddress struct {
	*central.Address
	Served bool
}

// checkoutForm is what the checkout form posts, given back with errors.
type checkoutForm struct {
	formView
	Token         string
	Fulfilment    string // "delivery" or "pickup"
	Address       string // a kept address's id, or "new"
	Street        string
	Postcode      string
	City          string
	Details       string
	PaymentMethod string
}

// readCheckoutForm reads a posted checkout form.
func readCheckoutForm(f url.Values) checkoutForm {
	return checkoutForm{Token: f.Get("token"), Fulfilment: f.Get("fulfilment"),
		Address: f.Get("address"), Street: f.Get("street"), Postcode: f.Get("postcode"),
		City: f.Get("city"), Details: f.Get("details"), PaymentMethod: f.Get("payment_method")}
}

// handlePage shows the checkout of the cart kept for this pizzeria:
// GET /commander/{pizzeria}/commande.
func (p *checkoutPage) handlePage(w http.ResponseWriter, r *http.Request) {
	menu := p.loadMenu(w, r)
	if menu == nil {
		return
	}
	form := checkoutForm{Token: newCheckoutToken(), Fulfilment: "delivery"}
	p.renderCheckout(w, r, http.StatusOK, menu, form)
}

// renderCheckout writes the checkout page with the form as given. The
// first kept address this pizzeria delivers is chosen when the form names
// none.
func (p *checkoutPage) renderCheckout(w http.ResponseWriter, r *http.Request, status int,
	menu *central.Menu, form checkoutForm) {
	c := customerFrom(r.Context())
	addresses, err := p.Addresses.FindAddresses(r.Context(), c.ID)
	if err != nil {
		p.shopErrorPage(w, r, err)
		return
	}
	mv := p.newMenuView(r, menu, readCart(r))
	v := checkoutView{
		shopView:  shopView{Title: central.Message(central.LabelCheckoutTitle), Customer: c},
		Pizzeria:  menu.Pizzeria,
		Stale:     mv.Stale,
		Cart:      mv.Cart,
		OnlineOff: p.Payments == nil,
		Form:      form,
	}
	for _, a := range addresses {
		served := menu.Pizzeria.Serves(a.Postcode)
		v.Addresses = append(v.Addresses, checkoutAddress{Address: a, Served: served})
		if v.Form.Address == "" && served {
			v.Form.Address = a.ID
		}
	}
	if v.Form.Address == "" {
		v.Form.Address = "new"
	}
	v.SubmitLabel = central.Message(central.LabelCheckoutSubmit, v.Cart.Total)
	p.render(checkoutSecurity(w, r, p.secureCookies), r, status, "shop_checkout.html", v)
}

// checkoutSecurity gives the checkout page the policy of every page but
// one word: its form may lead the browser on to the payment provider's
// page. The form posts to central, whose answer to an online order is a
// 303 to the provider; browsers hold that redirect to the form-action of
// the page that posted, and central does not know the provider's origin
// before the payment exists. Any origin of the page's scheme (https only
// when central is reached over HTTPS) is allowed for it.
func checkoutSecurity(w http.ResponseWriter, r *http.Request, secure bool) http.ResponseWriter {
	schemes := "https:"
	if !secure && r.TLS == nil {
		schemes = "http: https:"
	}
	policy := strings.Replace(pageSecurity, "form-action 'self'",
		"form-action 'self' "+schemes, 1)
	return &policyWriter{ResponseWriter: w, policy: policy}
}

// policyWriter sets its Content-Security-Policy in place of the one the
// page set, as the headers go out.
type policyWriter struct {
	http.ResponseWriter
	policy string
}

func (w *policyWriter) WriteHeader(status int) {
	w.Header().Set("Content-Security-Policy", w.policy)
	w.ResponseWriter.WriteHeader(status)
}

// handleForm makes the order of the cart: POST
// /commander/{pizzeria}/commande. The same form posted again lands where
// the first post went. A refusal shows the form again, with the sentence
// next to the field at fault, and writes nothing.
func (p *checkoutPage) handleForm(w http.ResponseWriter, r *http.Request) {
	if !p.parseShopForm(w, r) {
		return
	}
	menu := p.loadMenu(w, r)
	if menu == nil {
		return
	}
	form := readCheckoutForm(r.PostForm)
	customer := customerFrom(r.Context())
	if !validCheckoutToken(form.Token) {
		form.Token = newCheckoutToken()
		form.FormError = central.Message(central.MsgCheckoutExpired)
		p.renderCheckout(w, r, http.StatusBadRequest, menu, form)
		return
	}

	// One order per token: a repeated post waits for the first and
	// follows it; when the first failed, this one tries in its turn.
	for {
		entry, first := p.tokens.claim(customer.ID, form.Token)
		if first {
			location := p.placeOrder(w, r, menu, form)
			p.tokens.finish(customer.ID, form.Token, entry, location)
			return
		}
		if location := entry.wait(r.Context()); location != "" {
			http.Redirect(w, r, location, http.StatusSeeOther)
			return
		}
		if r.Context().Err() != nil {
			return
		}
	}
}

// placeOrder makes the order of the posted form and sends the browser on:
// to the payment page for an online payment, to the order's page
// otherwise. It returns where it sent it, or "" when it showed the form
// again with the refusal.
func (p *checkoutPage) placeOrder(w http.ResponseWriter, r *http.Request, menu *central.Menu,
	form checkoutForm) string {
	customer := customerFrom(r.Context())
	req, err := p.checkoutRequest(r, menu, readCart(r), &form)
	var o *central.WebOrder
	if err == nil {
		o, err = p.createWebOrder(r, customer, req)
	}
	if err != nil {
		status, errs := p.checkoutErrors(r, err)
		form.formView = errs
		p.renderCheckout(w, r, status, menu, form)
		return ""
	}

	// The cart is ordered: forgotten, and the browser sent on.
	_ = p.writeCart(w, r, &cart{})
	location := "/commandes/" + url.PathEscape(o.ID) + "?nouvelle=1"
	if o.PaymentMethod == central.PayOnline && o.PaymentURL != "" {
		location = o.PaymentURL
	}
	http.Redirect(w, r, location, http.StatusSeeOther)
	return location
}

// checkoutFields are the fields of the checkout form that show an error
// next to them; the domain's fields of the lines all point at the cart.
var checkoutFields = map[string]string{
	"fulfilment": "fulfilment", "address": "address", "street": "street",
	"postcode": "postcode", "city": "city", "details": "details",
	"payment_method": "payment_method", "lines": "lines",
}

// checkoutErrors sorts a refusal for the checkout form: next to its field
// when the form has it, above the form otherwise.
func (p *checkoutPage) checkoutErrors(r *http.Request, err error) (int, formView) {
	status, body := p.userError(r, err)
	field := body.Error.Field
	if strings.HasPrefix(field, "lines.") {
		field = "lines"
	}
	if f, ok := checkoutFields[field]; ok {
		return status, formView{Errors: map[string]string{f: body.Error.Message},
			FormError: central.Message(central.LabelShopFormError)}
	}
	return status, formView{FormError: body.Error.Message}
}
