package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/edge"
)

// orderForm is the order-taking form as typed, kept to show it again with
// its errors.
type orderForm struct {
	Key        string // idempotency key: a form posted twice takes one order
	Channel    edge.Channel
	Fulfilment edge.Fulfilment
	Payment    edge.PaymentMethod
	PaidNow    bool
	Phone      string
	Name       string
	Address    string
	Qty        map[string]int64
	Notes      map[string]string
}

// orderView is what the order-taking page shows.
type orderView struct {
	Form      orderForm
	Products  []*edge.Product
	Customers []*edge.KnownCustomer
	Searched  bool
	Errors    map[string]string // sentence by form field
	Done      *edge.Order       // the order just taken
}

// newOrderForm returns an empty form: a phone order for delivery, in cash.
func newOrderForm() orderForm {
	return orderForm{
		Key: newFormKey(), Channel: edge.ChannelPhone, Fulfilment: edge.FulfilmentDelivery,
		Payment: edge.PaymentCash, Qty: map[string]int64{}, Notes: map[string]string{},
	}
}

func newFormKey() string {
	raw := make([]byte, 16)
	_, _ = rand.Read(raw)
	return hex.EncodeToString(raw)
}

// handleOrderPage shows the order-taking form: empty, after an order was
// taken (?done=id), or with the customers of a phone number (?phone=),
// the form's way to search when scripts are off.
func (s *Server) handleOrderPage(w http.ResponseWriter, r *http.Request) {
	view := orderView{Form: newOrderForm(), Errors: map[string]string{}}
	q := r.URL.Query()
	if id := q.Get("done"); id != "" && len(id) <= edge.MaxIDLen {
		if o, err := s.Orders.FindOrderByID(r.Context(), id); err == nil {
			view.Done = o
		}
	}
	if phone := strings.TrimSpace(q.Get("phone")); phone != "" {
		view.Form.Phone = phone
		s.findCustomers(r, &view)
	}
	s.renderOrderPage(w, r, http.StatusOK, view)
}

// findCustomers looks up the customers of the form's phone number and,
// when there is exactly one, fills in their name and last address.
func (s *Server) findCustomers(r *http.Request, view *orderView) {
	view.Searched = true
	customers, err := s.Customers.FindCustomersByPhone(r.Context(), view.Form.Phone)
	if err != nil {
		view.Errors["phone"] = s.userMessage(r, err)
		return
	}
	view.Customers = customers
	if len(customers) == 1 {
		view.Form.Name = customers[0].Name
		if len(customers[0].Addresses) > 0 {
			view.Form.Address = customers[0].Addresses[0]
		}
	}
}

// handleCustomerFind returns the customers of a phone number as a
// fragment, for the page's script to insert without losing the basket.
func (s *Server) handleCustomerFind(w http.ResponseWriter, r *http.Request) {
	view := orderView{Errors: map[string]string{}}
	view.Form.Phone = strings.TrimSpace(r.URL.Query().Get("phone"))
	s.findCustomers(r, &view)
	s.renderFragment(w, "order", "customers", view)
}

// renderOrderPage adds the menu, with its makeable counts, to the view.
func (s *Server) renderOrderPage(w http.ResponseWriter, r *http.Request, status int, view orderView) {
	products, err := s.Catalog.FindProducts(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view.Products = products
	s.render(w, r, status, "order", "order.title", view)
}

// handleOrderCreate takes the order of the form, and its payment when it
// was taken at the counter. A refusal shows the form again, as typed,
// with each sentence next to its field.
func (s *Server) handleOrderCreate(w http.ResponseWriter, r *http.Request) {
	products, err := s.Catalog.FindProducts(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := orderView{Errors: map[string]string{}}
	view.Form = parseOrderForm(r, products, view.Errors)
	if len(view.Errors) > 0 {
		s.renderOrderPage(w, r, http.StatusUnprocessableEntity, view)
		return
	}

	// The order, then the money if it was taken at once.
	user := userFrom(r.Context())
	create := view.Form.create(products)
	o, err := s.Orders.CreateOrder(r.Context(), user, create)
	if err == nil && view.Form.PaidNow && o.PaymentStatus == edge.PaymentPending {
		o, err = s.Orders.RecordPayment(r.Context(), user, o.ID, edge.PaymentRecord{Method: view.Form.Payment})
	}
	if err != nil {
		view.Errors[formField(edge.ErrorField(err), create.Lines)] = s.userMessage(r, err)
		s.renderOrderPage(w, r, statusOf(edge.ErrorCode(err)), view)
		return
	}
	http.Redirect(w, r, "/order?done="+o.ID, http.StatusSeeOther)
}

// parseOrderForm reads the posted form. Quantities that are not whole
// numbers are errors of their field; everything else is the domain's to
// check.
func parseOrderForm(r *http.Request, products []*edge.Product, errs map[string]string) orderForm {
	f := orderForm{
		Key:        r.PostFormValue("key"),
		Channel:    edge.Channel(r.PostFormValue("channel")),
		Fulfilment: edge.Fulfilment(r.PostFormValue("fulfilment")),
		Payment:    edge.PaymentMethod(r.PostFormValue("payment_method")),
		PaidNow:    r.PostFormValue("paid_now") != "",
		Phone:      r.PostFormValue("phone"),
		Name:       r.PostFormValue("name"),
		Address:    r.PostFormValue("address"),
		Qty:        map[string]int64{},
		Notes:      map[string]string{},
	}
	if len(f.Key) > edge.MaxKeyLen {
		f.Key = ""
	}
	for _, p := range products {
		raw := strings.TrimSpace(r.PostFormValue("qty." + p.ID))
		f.Notes[p.ID] = r.PostFormValue("note." + p.ID)
		if raw == "" || raw == "0" {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			errs["qty."+p.ID] = edge.Message(edge.MsgNotANumber)
			continue
		}
		f.Qty[p.ID] = n
	}
	return f
}

// create returns the order of the form, its lines in menu order.
func (f orderForm) create(products []*edge.Product) edge.OrderCreate {
	c := edge.OrderCreate{
		IdempotencyKey: f.Key, Channel: f.Channel, Fulfilment: f.Fulfilment, PaymentMethod: f.Payment,
		Customer: edge.Customer{Name: f.Name, Phone: f.Phone, Address: f.Address},
	}
	if f.Fulfilment == edge.FulfilmentPickup {
		c.Customer.Address = ""
	}
	for _, p := range products {
		if qty, ok := f.Qty[p.ID]; ok {
			c.Lines = append(c.Lines, edge.LineCreate{ProductID: p.ID, Quantity: qty, Note: f.Notes[p.ID]})
		}
	}
	return c
}

// formField returns the form field of a domain error field: the customer's
// fields by their names, a line by its product's quantity, and anything
// else (a stock conflict, no lines) as the basket's.
func formField(field string, lines []edge.LineCreate) string {
	switch field {
	case "customer.name":
		return "name"
	case "customer.phone":
		return "phone"
	case "customer.address":
		return "address"
	case "channel", "fulfilment", "payment_method":
		return field
	}
	if i, ok := lineIndex(field); ok && i < len(lines) {
		return "qty." + lines[i].ProductID
	}
	return "lines"
}

// lineIndex reads the index of a line's field such as lines[2].quantity.
func lineIndex(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, "lines[")
	if !ok {
		return 0, false
	}
	num, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	return n, err == nil && n >= 0
}
