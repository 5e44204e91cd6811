package http

import (
	"errors"
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// checkoutRequest turns the cart and the posted form into the order the
// API takes. The cart must be this pizzeria's and still makeable as the
// menu stands; a delivery address must be one this pizzeria delivers.
func (s *Server) checkoutRequest(r *http.Request, m *central.Menu, c *cart,
	f *checkoutForm) (*central.WebOrderRequest, error) {
	if c.Pizzeria != m.Pizzeria.ID {
		c = &cart{}
	}
	if err := checkCart(m, c); err != nil {
		return nil, err
	}
	if err := checkTotal(m, c, f.TotalCents); err != nil {
		return nil, err
	}
	req := &central.WebOrderRequest{Pizzeria: m.Pizzeria.ID, Fulfilment: f.Fulfilment,
		PaymentMethod: f.PaymentMethod}
	for _, l := range c.Lines {
		req.Lines = append(req.Lines, central.WebLineRequest{ProductID: l.Product,
			Quantity: int64(l.Quantity), Note: l.Note})
	}

	// Where it goes: this pizzeria's counter, or an address it delivers.
	switch f.Fulfilment {
	case "pickup":
	case "delivery":
		a, err := s.deliveryAddress(r, m.Pizzeria, f.Address, f.typedAddress())
		if err != nil {
			return nil, err
		}
		req.Address = a
	default:
		return nil, central.Invalid("fulfilment", central.MsgBadFulfilment)
	}
	if f.PaymentMethod != central.PayOnline && f.PaymentMethod != central.PayOnDelivery {
		return nil, central.Invalid("payment_method", central.MsgBadWebPaymentMethod)
	}
	return req, nil
}

// checkCart checks that every line of a cart can be ordered from the menu
// as it stands, as adding it to the cart was: a refusal is said above the
// cart.
func checkCart(m *central.Menu, c *cart) error {
	if len(c.Lines) == 0 {
		return central.Invalid("lines", central.MsgWebOrderEmpty)
	}
	fresh := &cart{Pizzeria: c.Pizzeria}
	for _, l := range c.Lines {
		if err := fresh.add(m, l.Product, l.Quantity, l.Note); err != nil {
			var e *central.Error
			if !errors.As(err, &e) {
				return err
			}
			return &central.Error{Code: central.ECONFLICT, Message: e.Message, Field: "lines"}
		}
	}
	return nil
}

// deliveryAddress returns the address a form chose: one of the customer's
// kept addresses by id, or the one typed in ("new"). It must be one the
// pizzeria delivers; that refusal is said next to the address.
func (s *Server) deliveryAddress(r *http.Request, p central.ShopPizzeria, choice string,
	typed central.WebAddress) (*central.WebAddress, error) {
	a := &typed
	switch choice {
	case "":
		return nil, central.Invalid("address", central.MsgCheckoutAddressMissing)
	case "new":
		if err := a.Validate(); err != nil {
			return nil, err
		}
	default:
		kept, err := s.keptAddress(r, choice)
		if err != nil {
			return nil, err
		}
		a = &central.WebAddress{Street: kept.Street, Postcode: kept.Postcode, City: kept.City,
			Details: kept.Details}
	}
	if !p.Serves(a.Postcode) {
		return nil, central.Invalid("address", central.MsgCheckoutNotServed, p.Name, a.Postcode)
	}
	return a, nil
}

// keptAddress returns one of the customer's kept addresses; another's, or
// an unknown id, is refused next to the address.
func (s *Server) keptAddress(r *http.Request, id string) (*central.Address, error) {
	addresses, err := s.Addresses.FindAddresses(r.Context(), customerFrom(r.Context()).ID)
	if err != nil {
		return nil, err
	}
	for _, a := range addresses {
		if a.ID == id {
			return a, nil
		}
	}
	return nil, central.Invalid("address", central.MsgAddressNotFound)
}
