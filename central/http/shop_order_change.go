package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// readChange reads the posted change form of an order into the change the
// API takes: the lines when a quantity moved or a product was added, the
// address when another was chosen.
func (s *Server) readChange(r *http.Request, o *central.WebOrder) (*central.WebOrderChange, error) {
	f := r.PostForm
	menu, err := s.Shop.FindMenu(r.Context(), o.Pizzeria)
	if err != nil {
		return nil, err
	}
	change := &central.WebOrderChange{}

	// The lines kept, at their new quantities, then those added.
	lines, changed := []central.WebLineRequest{}, false
	for i, l := range o.Lines {
		field := "q-" + strconv.Itoa(i)
		q, err := parseChangeQuantity(field, f.Get(field), central.MaxWebLineQty)
		if err != nil {
			return nil, err
		}
		changed = changed || q != l.Quantity
		if q > 0 {
			lines = append(lines, central.WebLineRequest{ProductID: l.ProductID, Quantity: q,
				Note: l.Note})
		}
	}
	added, err := readAdditions(f.Get, menu)
	if err != nil {
		return nil, err
	}
	if changed || len(added) > 0 {
		change.Lines = append(lines, added...)
		if len(change.Lines) == 0 {
			return nil, central.Invalid("lines", central.MsgWebOrderEmpty)
		}
	}

	// Another address, which the pizzeria holding the order must deliver.
	form := readCheckoutForm(f)
	if o.Fulfilment == "delivery" && form.Address != "" && form.Address != "keep" {
		change.Address, err = s.deliveryAddress(r, menu.Pizzeria, form.Address,
			form.typedAddress())
		if err != nil {
			return nil, err
		}
	}
	return change, nil
}

// readAdditions reads the products added from the menu, each within what
// the pizzeria can make as the menu stands.
func readAdditions(get func(string) string, m *central.Menu) ([]central.WebLineRequest, error) {
	var added []central.WebLineRequest
	for _, p := range m.Products {
		field := "add-" + p.ID
		raw := get(field)
		if !p.Orderable() || strings.TrimSpace(raw) == "" {
			continue
		}
		q, err := parseChangeQuantity(field, raw, maxLineQuantity)
		switch {
		case err != nil:
			return nil, err
		case q > p.Makeable:
			e := central.Errorm(central.ECONFLICT, central.MsgOnlyLeft, p.Makeable, p.Name)
			e.Field = field
			return nil, e
		case q > 0:
			added = append(added, central.WebLineRequest{ProductID: p.ID, Quantity: q})
		}
	}
	return added, nil
}

// parseChangeQuantity reads a quantity of the change form: 0 to max, 0
// leaving the line out.
func parseChangeQuantity(field, s string, max int64) (int64, error) {
	q, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || q < 0 || q > max {
		return 0, central.Invalid(field, central.MsgModifyQuantity, max)
	}
	return q, nil
}
