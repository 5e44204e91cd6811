package http

import (
	"net/http"
	"strings"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// categoryForm is the category form.
type categoryForm struct {
	catalogForm
	ID, Name string
}

// newCategoryForm returns the form of a category, or of a new one when c
// is nil.
func newCategoryForm(c *syncproto.CatalogCategory, u *central.User) *categoryForm {
	f := &categoryForm{catalogForm: catalogForm{User: u, New: c == nil}}
	if c == nil {
		f.Title = central.Message(central.LabelCatalogNewCategory)
		f.Action = "/catalogue/ajout/categorie"
		return f
	}
	f.Title = central.Message(central.LabelCatalogEditCategory, c.Name)
	f.Action = "/catalogue/categories/" + c.ID
	f.ID, f.Name = c.ID, c.Name
	return f
}

// handleCategoryNewPage shows the form of a new category:
// GET /catalogue/ajout/categorie.
func (s *Server) handleCategoryNewPage(w http.ResponseWriter, r *http.Request) {
	f := newCategoryForm(nil, userFrom(r.Context()))
	s.render(w, r, http.StatusOK, "catalog_category.html", f)
}

// handleCategoryEditPage shows the form of a category of the draft:
// GET /catalogue/categories/{id}.
func (s *Server) handleCategoryEditPage(w http.ResponseWriter, r *http.Request) {
	d, c, ok := s.draftCategory(w, r)
	if !ok {
		return
	}
	f := newCategoryForm(c, userFrom(r.Context()))
	f.Revision = d.Categories[c.ID]
	s.render(w, r, http.StatusOK, "catalog_category.html", f)
}

// handleCategoryNewForm creates a category: POST /catalogue/ajout/categorie.
func (s *Server) handleCategoryNewForm(w http.ResponseWriter, r *http.Request) {
	d, ok := s.draft(w, r)
	if !ok {
		return
	}
	s.saveCategoryForm(w, r, d.Catalog, nil)
}

// handleCategoryEditForm renames a category of the draft:
// POST /catalogue/categories/{id}.
func (s *Server) handleCategoryEditForm(w http.ResponseWriter, r *http.Request) {
	d, cat, ok := postedEntry(s, w, r, findCategory, func(id string) *syncproto.CatalogCategory {
		return &syncproto.CatalogCategory{ID: id}
	}, central.MsgUnknownCategory)
	if !ok {
		return
	}
	s.saveCategoryForm(w, r, d.Catalog, cat)
}

// draftCategory reads the draft and the category the path names,
// answering a 404 page itself when there is none.
func (s *Server) draftCategory(w http.ResponseWriter, r *http.Request) (*central.CatalogDraft,
	*syncproto.CatalogCategory, bool) {
	return draftEntry(s, w, r, findCategory, central.MsgUnknownCategory)
}

// saveCategoryForm reads the category form, asks the catalog service to
// save it and goes back to the overview; a refusal shows the form again
// as typed, with the sentence next to the field, or above the form (409)
// when someone else changed the category since it was shown.
func (s *Server) saveCategoryForm(w http.ResponseWriter, r *http.Request, c *syncproto.Catalog,
	existing *syncproto.CatalogCategory) {
	if !s.parseForm(w, r, s.errorPage) {
		return
	}
	f := newCategoryForm(existing, userFrom(r.Context()))
	if f.New {
		f.ID = strings.TrimSpace(r.PostForm.Get("id"))
	}
	f.Name = strings.TrimSpace(r.PostForm.Get("nom"))
	f.Revision = formRevision(r.PostForm)

	// Saved by the service, which checks the catalog's rules.
	status := http.StatusConflict
	if f.New && findCategory(c, f.ID) != nil {
		f.refuse("id", central.MsgCatalogIDTaken, f.ID)
	} else if err := s.Catalog.SaveCategory(r.Context(),
		syncproto.CatalogCategory{ID: f.ID, Name: f.Name},
		entryExpected(f.New, f.Revision)); err != nil {
		if status = s.refusal(w, r, err, &f.catalogForm, "id", "nom"); status == 0 {
			return
		}
	}
	if f.failed() {
		s.render(w, r, status, "catalog_category.html", f)
		return
	}
	entrySaved(w, r, "categorie", f.ID)
}
