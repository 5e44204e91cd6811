package web

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// boardColumn is one status of the orders board with its orders.
type boardColumn struct {
	Status edge.Status
	Orders []*orderCard
}

// orderCard is an order as a live screen shows it, with the transitions
// and payments the viewer's role may make from there.
type orderCard struct {
	*edge.Order
	Next    []edge.Status
	CanPay  bool
	Since   edge.Transition // the last transition: how long it has been waiting
	Recipes map[string][]edge.RecipeItem
}

// boardStatuses are the columns of the board, in the order work flows.
var boardStatuses = []edge.Status{
	edge.StatusPlaced, edge.StatusAccepted, edge.StatusPreparing, edge.StatusReady,
	edge.StatusOutForDelivery,
}

// boardView is what the orders board shows.
type boardView struct {
	Columns []boardColumn
	Error   string
	Web     *webSwitch // nil when the pages run without web orders
}

// handleBoardPage shows every open order by status.
func (s *Server) handleBoardPage(w http.ResponseWriter, r *http.Request) {
	view, err := s.board(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if view.Web, err = s.webSwitch(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	view.Error = s.takeFlash(w, r)
	s.render(w, r, http.StatusOK, "board", "board.title", view)
}

// handleBoardFragment returns the board's columns for a live refresh.
func (s *Server) handleBoardFragment(w http.ResponseWriter, r *http.Request) {
	view, err := s.board(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderFragment(w, "board", "board-live", view)
}

// board reads the open orders into their columns.
func (s *Server) board(r *http.Request) (boardView, error) {
	orders, err := s.Orders.FindOrders(r.Context(), edge.OrderFilter{Open: true, Limit: 1000})
	if err != nil {
		return boardView{}, err
	}
	role := userFrom(r.Context()).Role
	view := boardView{}
	for _, status := range boardStatuses {
		col := boardColumn{Status: status}
		for _, o := range orders {
			if o.Status == status {
				col.Orders = append(col.Orders, newCard(o, role))
			}
		}
		view.Columns = append(view.Columns, col)
	}
	return view, nil
}

// newCard returns the card of an order for a viewer of role.
func newCard(o *edge.Order, role edge.Role) *orderCard {
	c := &orderCard{Order: o, Next: edge.NextStatuses(role, o.Fulfilment, o.Status)}
	// The counter takes the money of pick-ups; drivers, at the door, that
	// of deliveries (on the dispatch page).
	c.CanPay = role.Can(edge.ActionRecordPayment) && o.PaymentStatus == edge.PaymentPending &&
		o.PaymentMethod != edge.PaymentOnline && o.Status.Open() && o.Fulfilment == edge.FulfilmentPickup
	if n := len(o.History); n > 0 {
		c.Since = o.History[n-1]
	}
	return c
}
