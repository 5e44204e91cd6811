package http

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ocpizza/ocpizza/central"
)

// handleOrderReorder puts the lines of one of the customer's orders back
// in the cart, for the order's pizzeria, and sends the browser to its
// menu: POST /commandes/{id}/recommander. A failed or abandoned payment
// thus loses nothing: the cart was forgotten when the order was made. A
// line the menu cannot make now stays out, and the menu says which
// (?reprise=). Another customer's order is a 404 page.
func (s *Server) handleOrderReorder(w http.ResponseWriter, r *http.Request) {
	o := s.findOrder(w, r)
	if o == nil {
		return
	}
	pizzeria := reorderPizzeria(o)
	if pizzeria == "" {
		s.orderRequestFailed(w, r, central.Errorm(central.ECONFLICT, central.MsgReorderNoPizzeria))
		return
	}
	menu, err := s.Shop.FindMenu(r.Context(), pizzeria)
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}

	// The lines the menu can make replace the cart; none leaves it as is.
	c, _ := reorderCart(menu, o)
	if len(c.Lines) > 0 {
		if err := s.writeCart(w, r, c); err != nil {
			s.orderRequestFailed(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/commander/"+url.PathEscape(pizzeria)+"?reprise="+
		url.QueryEscape(o.ID)+"#panier", http.StatusSeeOther)
}

// reorderPizzeria returns the pizzeria an order goes back to: the one
// that had it last, or for an order that ended before any pizzeria had it
// (its payment failed, or it was cancelled unpaid), the one it was
// ordered from.
func reorderPizzeria(o *central.WebOrder) string {
	if o.Pizzeria != "" {
		return o.Pizzeria
	}
	return o.OrderedFrom
}

// canReorder reports whether the order's page offers to put its lines
// back in the cart: any order past its payment page with a pizzeria to
// go back to.
func canReorder(o *central.WebOrder) bool {
	return o.State != central.WebAwaitingPayment && reorderPizzeria(o) != ""
}

// reorderCart builds a cart of menu's pizzeria from an order's lines, as
// adding them one by one would, and returns the names of the products
// left out: those the menu cannot make now, and lines past what a cart
// holds (its quantity, its note, its number of lines).
func reorderCart(m *central.Menu, o *central.WebOrder) (*cart, []string) {
	c := &cart{Pizzeria: m.Pizzeria.ID}
	var skipped []string
	for _, l := range o.Lines {
		fits := l.Quantity <= maxLineQuantity && utf8.RuneCountInString(l.Note) <= maxNoteLen
		if !fits || c.add(m, l.ProductID, int(l.Quantity), l.Note) != nil {
			if !slices.Contains(skipped, l.ProductName) {
				skipped = append(skipped, l.ProductName)
			}
		}
	}
	return c, skipped
}

// reorderNotice is what the menu says after an order went back in the
// cart (?reprise= its id): that it did, and which products stayed out.
// It says nothing for an order that is not the visitor's, or not this
// pizzeria's to take again.
func (s *Server) reorderNotice(r *http.Request, m *central.Menu, orderID string) string {
	customer := s.pageCustomer(r)
	if customer == nil {
		return ""
	}
	o, err := s.WebOrders.FindWebOrder(r.Context(), customer.ID, orderID)
	if err != nil {
		return ""
	}
	if reorderPizzeria(o) != m.Pizzeria.ID {
		return ""
	}
	c, skipped := reorderCart(m, o)
	switch {
	case len(c.Lines) == 0:
		return central.Message(central.LabelReorderNone, strings.Join(skipped, ", "))
	case len(skipped) > 0:
		return central.Message(central.LabelReorderSkipped, strings.Join(skipped, ", "))
	}
	return central.Message(central.LabelReorderDone)
}
