package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// ordersView is the data of the order history.
type ordersView struct {
	shopView
	Orders []orderRow
}

// orderRow is one order in the history.
type orderRow struct {
	ID          string
	Date        string
	ISO         string
	Pizzeria    string
	Total       string
	Status      string
	StatusWords string
	Link        string // the link's name for screen readers
}

// handleOrders lists the customer's orders, the newest first:
// GET /commandes.
func (s *Server) handleOrders(w http.ResponseWriter, r *http.Request) {
	c := customerFrom(r.Context())
	orders, err := s.WebOrders.FindWebOrders(r.Context(), c.ID)
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	names, err := s.pizzeriaNames(r.Context())
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}

	v := ordersView{shopView: shopView{Title: central.Message(central.LabelOrdersTitle),
		Customer: c}}
	for _, o := range orders {
		date := orderTime(o.CreatedAt)
		v.Orders = append(v.Orders, orderRow{ID: o.ID, Date: date,
			ISO: o.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Pizzeria: names[o.Pizzeria],
			Total: euros(o.TotalCents), Status: o.Status, StatusWords: statusWords(o.Status),
			Link: central.Message(central.LabelOrdersSee, date)})
	}
	s.render(w, r, http.StatusOK, "shop_orders.html", v)
}
