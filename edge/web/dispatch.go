package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/edge"
)

// dispatchView is what the dispatch page shows: deliveries ready to go,
// those on the road, and what each driver has collected today.
type dispatchView struct {
	Ready  []*orderCard
	OnRoad []*orderCard
	Cash   []*edge.DriverCash
	Date   string
	Error  string
}

// handleDispatchPage shows the deliveries.
func (s *Server) handleDispatchPage(w http.ResponseWriter, r *http.Request) {
	view, err := s.dispatch(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view.Error = s.takeFlash(w, r)
	s.render(w, r, http.StatusOK, "dispatch", "dispatch.title", view)
}

// handleDispatchFragment returns the deliveries for a live refresh.
func (s *Server) handleDispatchFragment(w http.ResponseWriter, r *http.Request) {
	view, err := s.dispatch(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderFragment(w, "dispatch", "dispatch-live", view)
}

// dispatch reads the delivery orders ready or on the road, and the day's
// money collected at the door.
func (s *Server) dispatch(r *http.Request) (dispatchView, error) {
	orders, err := s.Orders.FindOrders(r.Context(), edge.OrderFilter{Open: true, Limit: 1000})
	if err != nil {
		return dispatchView{}, err
	}
	view := dispatchView{Date: s.today()}
	if view.Cash, err = s.Reports.DriversCash(r.Context(), view.Date); err != nil {
		return dispatchView{}, err
	}
	role := userFrom(r.Context()).Role
	for _, o := range orders {
		switch {
		case o.Fulfilment != edge.FulfilmentDelivery:
		case o.Status == edge.StatusReady:
			view.Ready = append(view.Ready, newCard(o, role))
		case o.Status == edge.StatusOutForDelivery:
			view.OnRoad = append(view.OnRoad, newCard(o, role))
		}
	}
	return view, nil
}

// handleDelivered marks an order delivered and, in the same gesture,
// records the money collected at the door: cash or card, or nothing for
// an order paid online.
func (s *Server) handleDelivered(w http.ResponseWriter, r *http.Request) {
	user, id := userFrom(r.Context()), chi.URLParam(r, "id")
	method := edge.PaymentMethod(r.PostFormValue("method"))

	// A bad payment method is refused before anything is written.
	if method != "" {
		if err := (&edge.PaymentRecord{Method: method}).Validate(); err != nil {
			s.afterAction(w, r, err)
			return
		}
	}
	_, err := s.Orders.TransitionOrder(r.Context(), user, id, edge.TransitionRequest{To: edge.StatusDelivered})
	if err == nil && method != "" {
		_, err = s.Orders.RecordPayment(r.Context(), user, id, edge.PaymentRecord{Method: method})
	}
	s.afterAction(w, r, err)
}
