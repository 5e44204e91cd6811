package http

import (
	"context"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// orderView is the data of an order's page: the live region, and what
// the last action did.
type orderView struct {
	shopView
	Notice string
	Error  string
	State  orderState
}

// findOrder reads one of the customer's orders, answering the error page
// itself when it cannot (another customer's order is a 404); nil then.
func (s *Server) findOrder(w http.ResponseWriter, r *http.Request) *central.WebOrder {
	o, err := s.WebOrders.FindWebOrder(r.Context(), customerFrom(r.Context()).ID,
		chi.URLParam(r, "id"))
	if err != nil {
		s.shopErrorPage(w, r, err)
		return nil
	}
	return o
}

// findChangeableOrder reads one of the customer's orders as findOrder
// does, and checks with allowed that it may still take the request; when
// it may not, the order's page says why (409). It returns nil when it
// answered itself.
func (s *Server) findChangeableOrder(w http.ResponseWriter, r *http.Request,
	allowed func(*central.WebOrder) bool) *central.WebOrder {
	o := s.findOrder(w, r)
	if o == nil {
		return nil
	}
	if !allowed(o) {
		s.refuseRequest(w, r, o)
		return nil
	}
	return o
}

// pizzeriaNames returns the pizzerias' names by id.
func (s *Server) pizzeriaNames(ctx context.Context) (map[string]string, error) {
	pizzerias, err := s.Shop.FindShopPizzerias(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(pizzerias))
	for _, p := range pizzerias {
		names[p.ID] = p.Name
	}
	return names, nil
}

// handleOrderPage shows one of the customer's orders, followed live by
// its script: GET /commandes/{id}. ?nouvelle=1 thanks for a new order,
// ?demande=1 says a request went to the pizzeria.
func (s *Server) handleOrderPage(w http.ResponseWriter, r *http.Request) {
	o := s.findOrder(w, r)
	if o == nil {
		return
	}
	var notice string
	switch q := r.URL.Query(); {
	case q.Has("nouvelle"):
		notice = central.Message(central.LabelOrderCreated)
	case q.Has("demande"):
		// Said until the pizzeria answers: the script takes it away then.
		notice = central.Message(central.LabelOrderRequestSent)
	}
	s.renderOrder(w, r, http.StatusOK, o, notice, "")
}

// renderOrder writes an order's page with a notice or an error above it.
func (s *Server) renderOrder(w http.ResponseWriter, r *http.Request, status int,
	o *central.WebOrder, notice, errText string) {
	names, err := s.pizzeriaNames(r.Context())
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	s.render(w, r, status, "shop_order.html", orderView{
		shopView: shopView{Title: central.Message(central.LabelOrderTitle, orderTime(o.CreatedAt)),
			Customer: customerFrom(r.Context())},
		Notice: notice, Error: errText, State: newOrderState(o, names),
	})
}

// handleOrderState writes the live region of an order's page alone, for
// its script to swap in when the order moves: GET /commandes/{id}/etat.
func (s *Server) handleOrderState(w http.ResponseWriter, r *http.Request) {
	o := s.findOrder(w, r)
	if o == nil {
		return
	}
	names, err := s.pizzeriaNames(r.Context())
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "order_status", newOrderState(o, names))
}

// handleOrderCancel asks the pizzeria to cancel the order, or cancels at
// once one still waiting for its payment: POST /commandes/{id}/annuler.
// Past the time for it, the order's page says why, with status 409.
func (s *Server) handleOrderCancel(w http.ResponseWriter, r *http.Request) {
	o := s.findChangeableOrder(w, r, canCancel)
	if o == nil {
		return
	}
	o, err := s.WebOrders.RequestWebOrderCancel(r.Context(), customerFrom(r.Context()).ID, o.ID)
	if err != nil {
		s.orderRequestFailed(w, r, err)
		return
	}
	s.webOrdersMoved()
	s.requestSent(w, r, o)
}

// refuseRequest shows the order's page with the sentence that says why
// it can no longer change, with status 409.
func (s *Server) refuseRequest(w http.ResponseWriter, r *http.Request, o *central.WebOrder) {
	key := central.MsgWebOrderTooLate
	if o.Request != "" {
		key = central.MsgWebRequestPending
	}
	s.renderOrder(w, r, http.StatusConflict, o, "", central.Message(key))
}

// orderRequestFailed shows a refused request on the order's page as it
// now stands, with the refusal's status.
func (s *Server) orderRequestFailed(w http.ResponseWriter, r *http.Request, err error) {
	o := s.findOrder(w, r)
	if o == nil {
		return
	}
	status, body := s.userError(r, err)
	s.renderOrder(w, r, status, o, "", body.Error.Message)
}

// requestSent sends the browser back to the order's page, saying that the
// pizzeria was asked when it was.
func (s *Server) requestSent(w http.ResponseWriter, r *http.Request, o *central.WebOrder) {
	location := "/commandes/" + url.PathEscape(o.ID)
	if o.Request != "" {
		location += "?demande=1"
	}
	http.Redirect(w, r, location, http.StatusSeeOther)
}
