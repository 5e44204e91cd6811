package http

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// handleProductNewPage shows the form of a new product:
// GET /catalogue/ajout/produit.
func (s *Server) handleProductNewPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.draft(w, r)
	if !ok {
		return
	}
	f := newProductForm(c, nil, userFrom(r.Context()))
	s.render(w, r, http.StatusOK, "catalog_product.html", f)
}

// handleProductEditPage shows the form of a product of the draft:
// GET /catalogue/produits/{id}.
func (s *Server) handleProductEditPage(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.draftProduct(w, r)
	if !ok {
		return
	}
	f := newProductForm(c, p, userFrom(r.Context()))
	s.render(w, r, http.StatusOK, "catalog_product.html", f)
}

// handleProductNewForm creates a product: POST /catalogue/ajout/produit.
func (s *Server) handleProductNewForm(w http.ResponseWriter, r *http.Request) {
	c, ok := s.draft(w, r)
	if !ok {
		return
	}
	s.saveProductForm(w, r, c, nil)
}

// handleProductEditForm saves a product of the draft with its price and
// whole recipe: POST /catalogue/produits/{id}.
func (s *Server) handleProductEditForm(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.draftProduct(w, r)
	if !ok {
		return
	}
	s.saveProductForm(w, r, c, p)
}

// draftProduct reads the draft and the product the path names,
// answering a 404 page itself when there is none.
func (s *Server) draftProduct(w http.ResponseWriter, r *http.Request) (*syncproto.Catalog,
	*syncproto.CatalogProduct, bool) {
	return draftEntry(s, w, r, findProduct, central.MsgProductNotFound)
}

// saveProductForm reads the product form, asks the catalog service to
// save it and goes back to the overview. A refusal, the form's or the
// service's, shows the form again as typed, with the sentence next to the
// field and its status; nothing is saved. The "more lines" button shows
// the form again with empty lines, saving nothing.
func (s *Server) saveProductForm(w http.ResponseWriter, r *http.Request, c *syncproto.Catalog,
	existing *syncproto.CatalogProduct) {
	if !s.parseForm(w, r, s.errorPage) {
		return
	}
	f, err := readProductForm(r.PostForm, c, existing, userFrom(r.Context()))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if r.PostForm.Get("action") == "lignes" {
		f.addBlankLines()
		s.render(w, r, http.StatusOK, "catalog_product.html", f)
		return
	}

	// Parsed, then saved by the service, which checks the catalog's rules.
	p, status := f.product(c)
	if status == 0 {
		if err := s.Catalog.SaveProduct(r.Context(), p); err != nil {
			if status = s.refusal(w, r, err, &f.catalogForm, productFields...); status == 0 {
				return
			}
		}
	}
	if status != 0 {
		f.addBlankLines()
		s.render(w, r, status, "catalog_product.html", f)
		return
	}
	entrySaved(w, r, "produit", p.ID)
}

// deleteView is the data of the page that confirms a product's removal.
type deleteView struct {
	User  *central.User
	Title string
	ID    string
	Name  string
}

// handleProductDeletePage asks to confirm a product's removal:
// GET /catalogue/produits/{id}/supprimer.
func (s *Server) handleProductDeletePage(w http.ResponseWriter, r *http.Request) {
	_, p, ok := s.draftProduct(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "catalog_delete.html",
		deleteView{User: userFrom(r.Context()), ID: p.ID, Name: p.Name,
			Title: central.Message(central.LabelCatalogDeleteTitle, p.Name)})
}

// handleProductDeleteForm withdraws a product from the draft, as DELETE
// /api/v1/catalog/products/{id} does: POST /catalogue/produits/{id}/supprimer.
func (s *Server) handleProductDeleteForm(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := s.Catalog.DeleteProduct(r.Context(), id); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/catalogue?avis=retire&id="+url.QueryEscape(id), http.StatusSeeOther)
}
