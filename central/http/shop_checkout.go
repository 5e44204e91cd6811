package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// checkoutView is the data of the checkout page: the cart priced from the
// menu, the customer's addresses and the form as posted.
type checkoutView struct {
	shopView
	Pizzeria    central.ShopPizzeria
	Stale       string
	Cart        cartView
	OnlineOff   bool // no payment provider: online payment refused
	Form        checkoutForm
	SubmitLabel string
	TotalCents  int64 // the total shown, posted back to be checked
}

// checkoutAddress is a kept address, and whether this pizzeria delivers
// it.
type checkoutAddress struct {
	*central.Address
	Served bool
}

// offerAddresses returns the customer's kept addresses for a form that
// sends an order to pizzeria p, each saying whether p delivers it.
func (s *Server) offerAddresses(r *http.Request, p central.ShopPizzeria) ([]checkoutAddress,
	error) {
	addresses, err := s.Addresses.FindAddresses(r.Context(), customerFrom(r.Context()).ID)
	if err != nil {
		return nil, err
	}
	offered := make([]checkoutAddress, 0, len(addresses))
	for _, a := range addresses {
		offered = append(offered, checkoutAddress{Address: a, Served: p.Serves(a.Postcode)})
	}
	return offered, nil
}

// checkoutForm is what the checkout form posts, given back with errors,
// and the kept addresses it offers. The change form of an order has the
// same address fields.
type checkoutForm struct {
	formView
	Token         string
	Fulfilment    string // "delivery" or "pickup"
	Address       string // a kept address's id, or "new"
	Addresses     []checkoutAddress
	Street        string
	Postcode      string
	City          string
	Details       string
	PaymentMethod string
	TotalCents    string // the total the page showed, in cents
}

// typedAddress is the address typed in the form's fields.
func (f checkoutForm) typedAddress() central.WebAddress {
	return central.WebAddress{Street: f.Street, Postcode: f.Postcode, City: f.City,
		Details: f.Details}
}

// readCheckoutForm reads a posted checkout form.
func readCheckoutForm(f url.Values) checkoutForm {
	return checkoutForm{Token: f.Get("token"), Fulfilment: f.Get("fulfilment"),
		Address: f.Get("address"), Street: f.Get("street"), Postcode: f.Get("postcode"),
		City: f.Get("city"), Details: f.Get("details"), PaymentMethod: f.Get("payment_method"),
		TotalCents: f.Get("total_cents")}
}

// handleCheckoutPage shows the checkout of the cart kept for this pizzeria:
// GET /commander/{pizzeria}/commande.
func (s *Server) handleCheckoutPage(w http.ResponseWriter, r *http.Request) {
	menu := s.loadMenu(w, r)
	if menu == nil {
		return
	}
	form := checkoutForm{Token: newCheckoutToken(), Fulfilment: "delivery"}
	s.renderCheckout(w, r, http.StatusOK, menu, form)
}

// renderCheckout writes the checkout page with the form as given. The
// first kept address this pizzeria delivers is chosen when the form names
// none.
func (s *Server) renderCheckout(w http.ResponseWriter, r *http.Request, status int,
	menu *central.Menu, form checkoutForm) {
	addresses, err := s.offerAddresses(r, menu.Pizzeria)
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	c := readCart(r)
	mv := s.newMenuView(r, menu, c)
	v := checkoutView{
		shopView: shopView{Title: central.Message(central.LabelCheckoutTitle),
			Customer: customerFrom(r.Context())},
		Pizzeria:   menu.Pizzeria,
		Stale:      mv.Stale,
		Cart:       mv.Cart,
		OnlineOff:  s.Payments == nil,
		Form:       form,
		TotalCents: cartCents(menu, c),
	}
	v.Form.Addresses = addresses
	for _, a := range addresses {
		if v.Form.Address == "" && a.Served {
			v.Form.Address = a.ID
		}
	}
	if v.Form.Address == "" {
		v.Form.Address = "new"
	}
	v.SubmitLabel = central.Message(central.LabelCheckoutSubmit, v.Cart.Total)
	s.render(checkoutSecurity(w, s.paymentOrigin), r, status, "shop_checkout.html", v)
}

// handleCheckoutForm makes the order of the cart: POST
// /commander/{pizzeria}/commande. The form's one-time token keys the
// order in the database: the same form posted again (a double click, a
// retry after a lost connection, even across a restart of central) lands
// where the first post went. A refusal shows the form again, with the
// sentence next to the field at fault, and writes nothing.
func (s *Server) handleCheckoutForm(w http.ResponseWriter, r *http.Request) {
	if !s.parseShopForm(w, r) {
		return
	}
	menu := s.loadMenu(w, r)
	if menu == nil {
		return
	}
	form := readCheckoutForm(r.PostForm)
	if !validCheckoutToken(form.Token) {
		form.Token = newCheckoutToken()
		form.FormError = central.Message(central.MsgCheckoutExpired)
		s.renderCheckout(w, r, http.StatusBadRequest, menu, form)
		return
	}
	o, err := s.placeCheckoutOrder(r, menu, form)
	if err == nil && o.PaymentMethod == central.PayOnline {
		switch o.State {
		case central.WebAwaitingPayment:
			// The browser goes to no payment page but the one the page
			// allows.
			err = s.checkPaymentPage(r, o)
		case central.WebPaymentFailed:
			err = central.Errorm(central.ECONFLICT, central.MsgWebPaymentFailed)
		}
	}
	if err != nil {
		// A fresh token: this one may key an order whose payment failed.
		status, errs := s.checkoutErrors(r, err)
		form.formView, form.Token = errs, newCheckoutToken()
		s.renderCheckout(w, r, status, menu, form)
		return
	}

	// The cart is ordered: forgotten, and the browser sent on.
	_ = s.writeCart(w, r, &cart{})
	location := "/commandes/" + url.PathEscape(o.ID) + "?nouvelle=1"
	if o.PaymentMethod == central.PayOnline && o.State == central.WebAwaitingPayment {
		location = o.PaymentURL
	}
	http.Redirect(w, r, location, http.StatusSeeOther)
}

// placeCheckoutOrder makes the order of the posted form, or goes on with
// the one an earlier post of the same form made, whatever the cart and
// the menu have become since.
func (s *Server) placeCheckoutOrder(r *http.Request, menu *central.Menu,
	form checkoutForm) (*central.WebOrder, error) {
	customer := customerFrom(r.Context())
	o, err := s.WebOrders.FindKeyedWebOrder(r.Context(), customer.ID, form.Token)
	switch {
	case err != nil:
		return nil, err
	case o != nil:
		return s.resumeWebOrder(r, o)
	}
	req, err := s.checkoutRequest(r, menu, readCart(r), &form)
	if err != nil {
		return nil, err
	}
	req.ClientKey = form.Token
	return s.createWebOrder(r, customer, req)
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
func (s *Server) checkoutErrors(r *http.Request, err error) (int, formView) {
	return s.fieldErrors(r, err, func(field string) string {
		if strings.HasPrefix(field, "lines.") {
			field = "lines"
		}
		return checkoutFields[field]
	})
}
