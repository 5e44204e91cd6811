package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// catalogRoles manage the catalog: head office only.
var catalogRoles = []central.Role{central.RoleHeadOffice}

// handleCatalogGet returns the catalog being edited, numbered as the next
// version, with the draft's revision as its ETag (catalog_etag.go).
func (s *Server) handleCatalogGet(w http.ResponseWriter, r *http.Request) {
	d, err := s.Catalog.FindCatalogDraft(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", draftETag(d.Revision))
	writeJSON(w, http.StatusOK, d.Catalog)
}

// handleCatalogReplace replaces the catalog being edited by a whole
// document, as `ocpizza-central catalog import` does; If-Match, when
// given, is the draft revision it replaces.
func (s *Server) handleCatalogReplace(w http.ResponseWriter, r *http.Request) {
	var c syncproto.Catalog
	expected, err := decodeDraftChange(r, &c)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Catalog.ReplaceCatalog(r.Context(), &c, expected); err != nil {
		s.Error(w, r, err)
		return
	}
	s.handleCatalogGet(w, r)
}

// categoryBody is a category without its id, which the path gives.
type categoryBody struct {
	Name string `json:"name"`
}

// handleCategorySave creates or updates a category; If-Match, when given,
// is the draft revision the change was made from, as for every entry.
func (s *Server) handleCategorySave(w http.ResponseWriter, r *http.Request) {
	var body categoryBody
	expected, err := decodeDraftChange(r, &body)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	c := syncproto.CatalogCategory{ID: chi.URLParam(r, "id"), Name: body.Name}
	if err := s.Catalog.SaveCategory(r.Context(), c, expected); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// ingredientBody is an ingredient without its id.
type ingredientBody struct {
	Name         string `json:"name"`
	Unit         string `json:"unit"`
	LowThreshold int64  `json:"low_threshold"`
}

// handleIngredientSave creates or updates an ingredient.
func (s *Server) handleIngredientSave(w http.ResponseWriter, r *http.Request) {
	var body ingredientBody
	expected, err := decodeDraftChange(r, &body)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	i := syncproto.CatalogIngredient{ID: chi.URLParam(r, "id"), Name: body.Name, Unit: body.Unit,
		LowThreshold: body.LowThreshold}
	if err := s.Catalog.SaveIngredient(r.Context(), i, expected); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, i)
}

// productBody is a product without its id: its price and whole recipe.
type productBody struct {
	Name        string                        `json:"name"`
	Category    string                        `json:"category"`
	Description string                        `json:"description"`
	PriceCents  int64                         `json:"price_cents"`
	Recipe      []syncproto.CatalogRecipeItem `json:"recipe"`
}

// handleProductSave creates or updates a product with its price and
// recipe.
func (s *Server) handleProductSave(w http.ResponseWriter, r *http.Request) {
	var body productBody
	expected, err := decodeDraftChange(r, &body)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := syncproto.CatalogProduct{ID: chi.URLParam(r, "id"), Name: body.Name, Category: body.Category,
		Description: body.Description, PriceCents: body.PriceCents, Recipe: body.Recipe}
	if err := s.Catalog.SaveProduct(r.Context(), p, expected); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// handleProductDelete withdraws a product from the catalog being edited.
func (s *Server) handleProductDelete(w http.ResponseWriter, r *http.Request) {
	expected, err := draftIfMatch(r)
	if err == nil {
		err = s.Catalog.DeleteProduct(r.Context(), chi.URLParam(r, "id"), expected)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleCatalogVersions lists the published versions, newest first.
func (s *Server) handleCatalogVersions(w http.ResponseWriter, r *http.Request) {
	versions, err := s.Catalog.FindCatalogVersions(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if versions == nil {
		versions = []*central.CatalogVersion{}
	}
	writeJSON(w, http.StatusOK, versions)
}

// handleCatalogPublish publishes the catalog being edited as a new
// version, sent to every pizzeria; If-Match, when given, is the draft
// revision the publisher reviewed.
func (s *Server) handleCatalogPublish(w http.ResponseWriter, r *http.Request) {
	expected, err := draftIfMatch(r)
	var v *central.CatalogVersion
	if err == nil {
		v, err = s.Catalog.PublishCatalog(r.Context(), userFrom(r.Context()).Username, expected)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.CommandsQueued != nil {
		s.CommandsQueued()
	}
	writeJSON(w, http.StatusCreated, v)
}

// handleCommandList lists the commands sent down, with their state,
// newest first; ?pizzeria= and ?type= narrow it.
func (s *Server) handleCommandList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	filter := central.CommandFilter{Pizzeria: q.Get("pizzeria"), Type: q.Get("type"), Limit: 200}
	if filter.Pizzeria != "" && !syncproto.ValidPizzeriaID(filter.Pizzeria) {
		s.Error(w, r, central.Invalid("pizzeria", central.MsgBadPizzeriaID))
		return
	}
	commands, err := s.Outbox.FindCommands(r.Context(), filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if commands == nil {
		commands = []*central.Command{}
	}
	writeJSON(w, http.StatusOK, commands)
}
