package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// modifyView is the data of the form that asks the pizzeria to change an
// order: its lines' quantities, products to add, and for a delivery the
// address.
type modifyView struct {
	shopView
	checkoutForm        // the address chosen and those offered, with the form's errors
	ID           string // the order's
	Version      string // when the order was read; a change in between is refused
	Lines        []modifyLine
	Products     []modifyProduct
	Delivery     bool
	Current      string // the address it has now
	Paid         bool
}

// modifyLine is a line of the order with the quantity asked.
type modifyLine struct {
	Field    string // the quantity's field: q-0, q-1...
	Name     string
	Note     string
	Quantity string
	Max      int
}

// modifyProduct is a product of the menu that may be added.
type modifyProduct struct {
	Field    string // add-<product id>
	Name     string
	Price    string
	Max      int
	Quantity string
}

// orderVersion stamps an order as read, to tell whether it moved since.
func orderVersion(o *central.WebOrder) string {
	return strconv.FormatInt(o.UpdatedAt.UnixNano(), 36)
}

// handleModifyPage shows the change form of an order that may still
// change: GET /commandes/{id}/modifier.
func (s *Server) handleModifyPage(w http.ResponseWriter, r *http.Request) {
	o := s.findChangeableOrder(w, r, canModify)
	if o == nil {
		return
	}
	s.renderModify(w, r, http.StatusOK, o, url.Values{})
}

// renderModify writes the change form of an order, with the values
// posted and the errors found. Lines not posted show their quantity now.
func (s *Server) renderModify(w http.ResponseWriter, r *http.Request, status int,
	o *central.WebOrder, posted url.Values, errs ...formView) {
	menu, err := s.Shop.FindMenu(r.Context(), o.Pizzeria)
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	addresses, err := s.offerAddresses(r, menu.Pizzeria)
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	v := modifyView{
		shopView: shopView{Title: central.Message(central.LabelModifyTitle),
			Customer: customerFrom(r.Context())},
		checkoutForm: readCheckoutForm(posted), ID: o.ID, Version: orderVersion(o),
		Delivery: o.Fulfilment == "delivery", Current: o.Address,
		Paid: o.PaymentStatus == central.WebPaymentPaid,
	}
	v.Addresses = addresses
	if len(errs) > 0 {
		v.formView = errs[0]
	}
	if v.Address == "" {
		v.Address = "keep"
	}

	// The lines, then the products to add.
	for i, l := range o.Lines {
		field := "q-" + strconv.Itoa(i)
		q := posted.Get(field)
		if !posted.Has(field) {
			q = strconv.FormatInt(l.Quantity, 10)
		}
		v.Lines = append(v.Lines, modifyLine{Field: field, Name: l.ProductName, Note: l.Note,
			Quantity: q, Max: central.MaxWebLineQty})
	}
	for _, p := range menu.Products {
		if p.Orderable() {
			field := "add-" + p.ID
			v.Products = append(v.Products, modifyProduct{Field: field, Name: p.Name,
				Price: euros(p.PriceCents), Max: int(min(p.Makeable, maxLineQuantity)),
				Quantity: posted.Get(field)})
		}
	}
	s.render(w, r, status, "shop_modify.html", v)
}

// handleModifyForm sends the change to the pizzeria, which decides:
// POST /commandes/{id}/modifier. A refusal shows the form again with the
// sentence next to the field, and sends nothing.
func (s *Server) handleModifyForm(w http.ResponseWriter, r *http.Request) {
	if !s.parseShopForm(w, r) {
		return
	}
	o := s.findChangeableOrder(w, r, canModify)
	if o == nil {
		return
	}
	if r.PostForm.Get("version") != orderVersion(o) {
		s.renderModify(w, r, http.StatusConflict, o, url.Values{},
			formView{FormError: central.Message(central.MsgOrderChanged)})
		return
	}

	// The change, checked here, then by the domain.
	change, err := s.readChange(r, o)
	var sent *central.WebOrder
	if err == nil {
		sent, err = s.WebOrders.RequestWebOrderChange(r.Context(), customerFrom(r.Context()).ID,
			o.ID, change)
	}
	if err != nil {
		status, errs := s.modifyErrors(r, err)
		s.renderModify(w, r, status, o, r.PostForm, errs)
		return
	}
	s.webOrdersMoved()
	s.requestSent(w, r, sent)
}

// modifyErrors sorts a refusal for the change form: next to a quantity,
// a product or the address when it is about one, above the form
// otherwise.
func (s *Server) modifyErrors(r *http.Request, err error) (int, formView) {
	return s.fieldErrors(r, err, func(field string) string {
		if strings.HasPrefix(field, "lines") {
			return ""
		}
		return field
	})
}
