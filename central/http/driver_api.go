package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// driverOrdersJSON is the answer of GET /api/v1/driver/orders.
type driverOrdersJSON struct {
	Pizzeria string                   `json:"pizzeria"`
	Orders   []deliveryJSON           `json:"orders"`
	Requests []*central.DriverRequest `json:"requests"`
}

// deliveryJSON adds to an order where its latest request stands.
type deliveryJSON struct {
	*central.DeliveryOrder
	RequestState string `json:"request_state"`
}

// handleDriverOrders lists the deliveries of the caller's pizzeria as the
// page shows them, and the requests made in the last hours.
func (s *Server) handleDriverOrders(w http.ResponseWriter, r *http.Request) {
	view, err := s.driverView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := driverOrdersJSON{Pizzeria: view.Pizzeria, Orders: []deliveryJSON{}, Requests: []*central.DriverRequest{}}
	for _, c := range append(view.Ready, view.Out...) {
		out.Orders = append(out.Orders, deliveryJSON{DeliveryOrder: c.DeliveryOrder, RequestState: c.State})
	}
	for _, l := range view.Requests {
		out.Requests = append(out.Requests, l.DriverRequest)
	}
	writeJSON(w, http.StatusOK, out)
}

// handleDriverTransition asks the order's pizzeria to move it: 202 with
// the request sent, or 200 with the one already sent when the same
// request waits for its answer (a double tap sends nothing twice).
func (s *Server) handleDriverTransition(w http.ResponseWriter, r *http.Request) {
	var update central.DriverUpdate
	if err := decodeJSON(r.Body, &update); err != nil {
		s.Error(w, r, err)
		return
	}
	update.OrderID = chi.URLParam(r, "id")
	res, err := s.requestDriverUpdate(r, &update)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusAccepted
	}
	writeJSON(w, status, res)
}
