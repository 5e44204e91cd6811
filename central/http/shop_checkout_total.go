package http

import (
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// cartCents is the total of a cart at the menu's prices, as the cart
// shows it: a line the pizzeria cannot make now, or a product no longer
// on the menu, is not counted. A cart of another pizzeria is empty here.
func cartCents(m *central.Menu, c *cart) int64 {
	if c.Pizzeria != m.Pizzeria.ID {
		return 0
	}
	var total int64
	for _, l := range c.Lines {
		if p := m.Product(l.Product); p != nil && p.Orderable() {
			total += int64(l.Quantity) * p.PriceCents
		}
	}
	return total
}

// checkTotal checks the total the checkout form showed (its total_cents)
// against the cart priced from the menu now: a price that moved in
// between is a conflict said above the cart, and the form comes back
// with the new total.
func checkTotal(m *central.Menu, c *cart, shown string) error {
	cents, err := strconv.ParseInt(strings.TrimSpace(shown), 10, 64)
	if err == nil && cents == cartCents(m, c) {
		return nil
	}
	e := central.Errorm(central.ECONFLICT, central.MsgCheckoutPriceChanged)
	e.Field = "lines"
	return e
}
