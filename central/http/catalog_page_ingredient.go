package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// ingredientForm is the ingredient form, every value as typed.
type ingredientForm struct {
	catalogForm
	ID, Name, Unit, Threshold string
	Units                     []unitOption
}

// unitOption is a unit an ingredient may be counted in.
type unitOption struct {
	Value, Label string
}

// newIngredientForm returns the form of an ingredient, or of a new one
// when i is nil.
func newIngredientForm(i *syncproto.CatalogIngredient, u *central.User) *ingredientForm {
	f := &ingredientForm{catalogForm: catalogForm{User: u, New: i == nil}, Threshold: "0"}
	for _, unit := range []string{"g", "ml", "piece"} {
		f.Units = append(f.Units, unitOption{Value: unit, Label: unitName(unit)})
	}
	if i == nil {
		f.Title = central.Message(central.LabelCatalogNewIngredient)
		f.Action, f.Unit = "/catalogue/ajout/ingredient", "g"
		return f
	}
	f.Title = central.Message(central.LabelCatalogEditIngredient, i.Name)
	f.Action = "/catalogue/ingredients/" + i.ID
	f.ID, f.Name, f.Unit = i.ID, i.Name, i.Unit
	f.Threshold = strconv.FormatInt(i.LowThreshold, 10)
	return f
}

// handleIngredientNewPage shows the form of a new ingredient:
// GET /catalogue/ajout/ingredient.
func (s *Server) handleIngredientNewPage(w http.ResponseWriter, r *http.Request) {
	f := newIngredientForm(nil, userFrom(r.Context()))
	s.render(w, r, http.StatusOK, "catalog_ingredient.html", f)
}

// handleIngredientEditPage shows the form of an ingredient of the draft:
// GET /catalogue/ingredients/{id}.
func (s *Server) handleIngredientEditPage(w http.ResponseWriter, r *http.Request) {
	d, i, ok := s.draftIngredient(w, r)
	if !ok {
		return
	}
	f := newIngredientForm(i, userFrom(r.Context()))
	f.Revision = d.Ingredients[i.ID]
	s.render(w, r, http.StatusOK, "catalog_ingredient.html", f)
}

// handleIngredientNewForm creates an ingredient: POST /catalogue/ajout/ingredient.
func (s *Server) handleIngredientNewForm(w http.ResponseWriter, r *http.Request) {
	d, ok := s.draft(w, r)
	if !ok {
		return
	}
	s.saveIngredientForm(w, r, d.Catalog, nil)
}

// handleIngredientEditForm saves an ingredient of the draft:
// POST /catalogue/ingredients/{id}.
func (s *Server) handleIngredientEditForm(w http.ResponseWriter, r *http.Request) {
	d, i, ok := postedEntry(s, w, r, findIngredient, func(id string) *syncproto.CatalogIngredient {
		return &syncproto.CatalogIngredient{ID: id}
	}, central.MsgIngredientNotFound)
	if !ok {
		return
	}
	s.saveIngredientForm(w, r, d.Catalog, i)
}

// draftIngredient reads the draft and the ingredient the path names,
// answering a 404 page itself when there is none.
func (s *Server) draftIngredient(w http.ResponseWriter, r *http.Request) (*central.CatalogDraft,
	*syncproto.CatalogIngredient, bool) {
	return draftEntry(s, w, r, findIngredient, central.MsgIngredientNotFound)
}

// saveIngredientForm reads the ingredient form, asks the catalog service
// to save it and goes back to the overview; a refusal shows the form
// again as typed, with the sentence next to the field, or above the form
// (409) when someone else changed the ingredient since it was shown.
func (s *Server) saveIngredientForm(w http.ResponseWriter, r *http.Request, c *syncproto.Catalog,
	existing *syncproto.CatalogIngredient) {
	if !s.parseForm(w, r, s.errorPage) {
		return
	}
	f := newIngredientForm(existing, userFrom(r.Context()))
	if f.New {
		f.ID = strings.TrimSpace(r.PostForm.Get("id"))
	}
	f.Name, f.Unit = strings.TrimSpace(r.PostForm.Get("nom")), r.PostForm.Get("unite")
	f.Threshold = strings.TrimSpace(r.PostForm.Get("seuil"))
	f.Revision = formRevision(r.PostForm)

	// Parsed, then saved by the service, which checks the catalog's rules.
	i, status := f.ingredient(c)
	if status == 0 {
		expected := entryExpected(f.New, f.Revision)
		if err := s.Catalog.SaveIngredient(r.Context(), i, expected); err != nil {
			if status = s.refusal(w, r, err, &f.catalogForm, ingredientFields...); status == 0 {
				return
			}
		}
	}
	if status != 0 {
		s.render(w, r, status, "catalog_ingredient.html", f)
		return
	}
	entrySaved(w, r, "ingredient", i.ID)
}

// ingredientFields are the fields of the ingredient form that a refusal
// can be shown next to.
var ingredientFields = []string{"id", "nom", "unite", "seuil"}

// ingredient parses the form into an ingredient for the catalog service,
// or puts the sentences next to the fields that do not read and returns
// the status to answer: 409 for a new ingredient whose id is taken, else
// 422. An empty threshold is 0.
func (f *ingredientForm) ingredient(c *syncproto.Catalog) (syncproto.CatalogIngredient, int) {
	i := syncproto.CatalogIngredient{ID: f.ID, Name: f.Name, Unit: f.Unit}
	var ok bool
	if i.LowThreshold, ok = parseCount(f.Threshold); !ok && f.Threshold != "" {
		f.refuse("seuil", central.MsgCatalogThresholdFormat)
	}
	switch {
	case f.New && findIngredient(c, f.ID) != nil:
		f.refuse("id", central.MsgCatalogIDTaken, f.ID)
		return i, http.StatusConflict
	case f.failed():
		return i, http.StatusUnprocessableEntity
	}
	return i, 0
}
