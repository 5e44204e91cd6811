package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/edge"
)

// kitchenView is what the kitchen screen shows: the queue oldest first,
// each ticket with the recipe of its products.
type kitchenView struct {
	Tickets []*orderCard
	Error   string
}

// handleKitchenPage shows the kitchen queue.
func (s *Server) handleKitchenPage(w http.ResponseWriter, r *http.Request) {
	view, err := s.kitchen(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view.Error = s.takeFlash(w, r)
	s.render(w, r, http.StatusOK, "kitchen", "kitchen.title", view)
}

// handleKitchenFragment returns the queue for a live refresh.
func (s *Server) handleKitchenFragment(w http.ResponseWriter, r *http.Request) {
	view, err := s.kitchen(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderFragment(w, "kitchen", "kitchen-live", view)
}

// kitchen reads the orders to prepare and in preparation, oldest first,
// with the recipes of the catalog.
func (s *Server) kitchen(r *http.Request) (kitchenView, error) {
	orders, err := s.Orders.FindOrders(r.Context(), edge.OrderFilter{Open: true, Limit: 1000})
	if err != nil {
		return kitchenView{}, err
	}
	recipes, err := s.recipes(r)
	if err != nil {
		return kitchenView{}, err
	}
	role := userFrom(r.Context()).Role
	var view kitchenView
	for _, o := range orders {
		if o.Status == edge.StatusAccepted || o.Status == edge.StatusPreparing {
			c := newCard(o, role)
			c.Recipes = recipes
			view.Tickets = append(view.Tickets, c)
		}
	}
	return view, nil
}

// recipes returns the recipe of every product, by product id.
func (s *Server) recipes(r *http.Request) (map[string][]edge.RecipeItem, error) {
	products, err := s.Catalog.FindProducts(r.Context())
	if err != nil {
		return nil, err
	}
	recipes := make(map[string][]edge.RecipeItem, len(products))
	for _, p := range products {
		recipes[p.ID] = p.Recipe
	}
	return recipes, nil
}

// handleTicketPrint shows one ticket alone, for the kitchen printer.
func (s *Server) handleTicketPrint(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if len(id) > edge.MaxIDLen {
		s.renderError(w, r, edge.Errorf(edge.ENOTFOUND, edge.MsgOrderNotFound))
		return
	}
	o, err := s.Orders.FindOrderByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	recipes, err := s.recipes(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	c := newCard(o, userFrom(r.Context()).Role)
	c.Recipes = recipes
	s.render(w, r, http.StatusOK, "ticket", "ticket.title", c)
}
