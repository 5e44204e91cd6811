package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/edge"
)

// movementForm is the receipt-or-waste form as typed.
type movementForm struct {
	IngredientID string
	Kind         edge.MovementKind
	Quantity     string
	Note         string
}

// stockView is what the stock page shows.
type stockView struct {
	Ingredients []*edge.Ingredient
	Names       map[string]string // ingredient names, for the ledger
	Units       map[string]edge.Unit
	Products    []*edge.Product
	Movements   []*edge.Movement
	Low         int
	CanMove     bool
	Move        movementForm
	Counts      map[string]string // the count as typed, by ingredient
	Errors      map[string]string
	Done        string
}

// handleStockPage shows stock levels, alerts, the makeable count of every
// product, the forms and the ledger.
func (s *Server) handleStockPage(w http.ResponseWriter, r *http.Request) {
	view := stockView{
		Move: movementForm{Kind: edge.MovementReceipt}, Counts: map[string]string{},
		Errors: map[string]string{}, Done: s.takeFlash(w, r),
	}
	s.renderStock(w, r, http.StatusOK, view)
}

// renderStock reads the stock into the view and renders the page.
func (s *Server) renderStock(w http.ResponseWriter, r *http.Request, status int, view stockView) {
	var err error
	if view.Ingredients, err = s.Stock.FindIngredients(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	if view.Products, err = s.Catalog.FindProducts(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	if view.Movements, err = s.Stock.FindMovements(r.Context(), edge.MovementFilter{Limit: 50}); err != nil {
		s.renderError(w, r, err)
		return
	}
	view.Names, view.Units = map[string]string{}, map[string]edge.Unit{}
	for _, i := range view.Ingredients {
		view.Names[i.ID], view.Units[i.ID] = i.Name, i.Unit
		if i.Low {
			view.Low++
		}
	}
	view.CanMove = userFrom(r.Context()).Role.Can(edge.ActionMoveStock)
	s.render(w, r, status, "stock", "stock.title", view)
}

// handleMovementCreate records a supplier receipt or waste.
func (s *Server) handleMovementCreate(w http.ResponseWriter, r *http.Request) {
	user := userFrom(r.Context())
	if !user.Role.Can(edge.ActionMoveStock) {
		s.renderError(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgForbidden))
		return
	}
	view := stockView{Counts: map[string]string{}, Errors: map[string]string{}}
	view.Move = movementForm{
		IngredientID: r.PostFormValue("ingredient_id"),
		Kind:         edge.MovementKind(r.PostFormValue("kind")),
		Quantity:     strings.TrimSpace(r.PostFormValue("quantity")),
		Note:         r.PostFormValue("note"),
	}
	qty, err := strconv.ParseInt(view.Move.Quantity, 10, 64)
	if err != nil {
		view.Errors["quantity"] = edge.Message(edge.MsgNotANumber)
		s.renderStock(w, r, http.StatusUnprocessableEntity, view)
		return
	}
	_, err = s.Stock.RecordMovement(r.Context(), user, edge.MovementCreate{
		IngredientID: view.Move.IngredientID, Kind: view.Move.Kind, Quantity: qty, Note: view.Move.Note,
	})
	if err != nil {
		view.Errors[movementField(edge.ErrorField(err))] = s.userMessage(r, err)
		s.renderStock(w, r, statusOf(edge.ErrorCode(err)), view)
		return
	}
	s.setFlash(w, edge.Label("stock.moved"))
	http.Redirect(w, r, "/stock", http.StatusSeeOther)
}

// movementField returns the form field of a movement error; a conflict
// (stock going below zero) belongs to the quantity.
func movementField(field string) string {
	switch field {
	case "ingredient_id", "kind", "note":
		return field
	}
	return "quantity"
}

// handleStockCount records an inventory count: the ingredients whose
// count field was filled in, each adjusted to what was counted.
func (s *Server) handleStockCount(w http.ResponseWriter, r *http.Request) {
	user := userFrom(r.Context())
	if !user.Role.Can(edge.ActionMoveStock) {
		s.renderError(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgForbidden))
		return
	}
	ingredients, err := s.Stock.FindIngredients(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}

	// Read the count: blank fields are ingredients not counted.
	view := stockView{Move: movementForm{Kind: edge.MovementReceipt}, Counts: map[string]string{},
		Errors: map[string]string{}}
	count := edge.InventoryCount{Note: r.PostFormValue("count_note")}
	for _, i := range ingredients {
		raw := strings.TrimSpace(r.PostFormValue("count." + i.ID))
		if raw == "" {
			continue
		}
		view.Counts[i.ID] = raw
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			view.Errors["count."+i.ID] = edge.Message(edge.MsgNotANumber)
			continue
		}
		count.Counts = append(count.Counts, edge.StockCount{IngredientID: i.ID, Counted: n})
	}

	// Record it, or show the count again with its errors.
	if len(view.Errors) == 0 {
		var adjusted []*edge.Movement
		if adjusted, err = s.Inventory.CountStock(r.Context(), user, count); err == nil {
			s.setFlash(w, edge.Label("stock.count_done", len(count.Counts), len(adjusted)))
			http.Redirect(w, r, "/stock", http.StatusSeeOther)
			return
		}
		view.Errors[edge.ErrorField(err)] = s.userMessage(r, err)
	}
	s.renderStock(w, r, http.StatusUnprocessableEntity, view)
}
