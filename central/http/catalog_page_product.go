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
	d, ok := s.draft(w, r)
	if !ok {
		return
	}
	f := newProductForm(d.Catalog, nil, userFrom(r.Context()))
	s.render(w, r, http.StatusOK, "catalog_product.html", f)
}

// handleProductEditPage shows the form of a product of the draft:
// GET /catalogue/produits/{id}.
func (s *Server) handleProductEditPage(w http.ResponseWriter, r *http.Request) {
	d, p, ok := s.draftProduct(w, r)
	if !ok {
		return
	}
	f := newProductForm(d.Catalog, p, userFrom(r.Context()))
	f.Revision = d.Products[p.ID]
	s.render(w, r, http.StatusOK, "catalog_product.html", f)
}

// handleProductNewForm creates a product: POST /catalogue/ajout/produit.
func (s *Server) handleProductNewForm(w http.ResponseWriter, r *http.Request) {
	d, ok := s.draft(w, r)
	if !ok {
		return
	}
	s.saveProductForm(w, r, d.Catalog, nil)
}

// handleProductEditForm saves a product of the draft with its price and
// whole recipe: POST /catalogue/produits/{id}.
func (s *Server) handleProductEditForm(w http.ResponseWriter, r *http.Request) {
	d, p, ok := postedEntry(s, w, r, findProduct, func(id string) *syncproto.CatalogProduct {
		return &syncproto.CatalogProduct{ID: id}
	}, central.MsgProductNotFound)
	if !ok {
		return
	}
	s.saveProductForm(w, r, d.Catalog, p)
}

// draftProduct reads the draft and the product the path names,
// answering a 404 page itself when there is none.
func (s *Server) draftProduct(w http.ResponseWriter, r *http.Request) (*central.CatalogDraft,
	*syncproto.CatalogProduct, bool) {
	return draftEntry(s, w, r, findProduct, central.MsgProductNotFound)
}

// saveProductForm reads the product form, asks the catalog service to
// save it and goes back to the overview. A refusal, the form's or the
// service's, shows the form again as typed, with the sentence next to the
// field and its status; nothing is saved. A product changed by someone
// else since the form was shown is refused the same way, with 409. The
// "more lines" button shows the form again with empty lines, saving
// nothing.
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
	f.Revision = formRevision(r.PostForm)
	if r.PostForm.Get("action") == "lignes" {
		f.addBlankLines()
		s.render(w, r, http.StatusOK, "catalog_product.html", f)
		return
	}

	// Parsed, then saved by the service, which checks the catalog's rules.
	p, status := f.product(c)
	if status == 0 {
		expected := entryExpected(f.New, f.Revision)
		if err := s.Catalog.SaveProduct(r.Context(), p, expected); err != nil {
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

// deleteView is the data of the page that confirms a product's removal:
// the product's revision it was shown with, and why the removal was
// refused, when it was.
type deleteView struct {
	User     *central.User
	Title    string
	ID       string
	Name     string
	Revision int64
	Error    string
}

// handleProductDeletePage asks to confirm a product's removal:
// GET /catalogue/produits/{id}/supprimer.
func (s *Server) handleProductDeletePage(w http.ResponseWriter, r *http.Request) {
	d, p, ok := s.draftProduct(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "catalog_delete.html",
		newDeleteView(r, p, d.Products[p.ID]))
}

// newDeleteView is the removal page of a product at a revision.
func newDeleteView(r *http.Request, p *syncproto.CatalogProduct, revision int64) deleteView {
	return deleteView{User: userFrom(r.Context()), ID: p.ID, Name: p.Name, Revision: revision,
		Title: central.Message(central.LabelCatalogDeleteTitle, p.Name)}
}

// handleProductDeleteForm withdraws a product from the draft, as DELETE
// /api/v1/catalog/products/{id} does: POST /catalogue/produits/{id}/supprimer.
// A product changed since the page was shown is not withdrawn: the page
// comes back with the sentence that says so (409).
func (s *Server) handleProductDeleteForm(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, s.errorPage) {
		return
	}
	id, revision := chi.URLParam(r, "id"), formRevision(r.PostForm)
	err := s.Catalog.DeleteProduct(r.Context(), id,
		central.CatalogExpected{Entry: expectedRevision(revision)})
	if central.ErrorCode(err) == central.ECONFLICT {
		s.deleteRefused(w, r, revision, err)
		return
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/catalogue?avis=retire&id="+url.QueryEscape(id), http.StatusSeeOther)
}

// deleteRefused shows the removal page again, with the revision it was
// shown with and the refusal's sentence.
func (s *Server) deleteRefused(w http.ResponseWriter, r *http.Request, revision int64, err error) {
	_, p, ok := s.draftProduct(w, r)
	if !ok {
		return
	}
	status, body := s.userError(r, err)
	view := newDeleteView(r, p, revision)
	view.Error = body.Error.Message
	s.render(w, r, status, "catalog_delete.html", view)
}
