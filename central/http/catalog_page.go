package http

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// catalogRoutes lists head office's catalog pages, under /catalogue. They
// answer in HTML to a staff session of catalogRoles only, post forms to
// themselves (guarded by the cross-origin protection of every route) and
// change the catalog through the same service calls as the catalog API.
func (s *Server) catalogRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.authenticatePage, s.allowCatalogPage)
		r.Get("/catalogue", s.handleCatalogPage)
		r.Post("/catalogue/publier", s.handleCatalogPublishForm)

		r.Get("/catalogue/ajout/produit", s.handleProductNewPage)
		r.Post("/catalogue/ajout/produit", s.handleProductNewForm)
		r.Get("/catalogue/produits/{id}", s.handleProductEditPage)
		r.Post("/catalogue/produits/{id}", s.handleProductEditForm)
		r.Get("/catalogue/produits/{id}/supprimer", s.handleProductDeletePage)
		r.Post("/catalogue/produits/{id}/supprimer", s.handleProductDeleteForm)

		r.Get("/catalogue/ajout/ingredient", s.handleIngredientNewPage)
		r.Post("/catalogue/ajout/ingredient", s.handleIngredientNewForm)
		r.Get("/catalogue/ingredients/{id}", s.handleIngredientEditPage)
		r.Post("/catalogue/ingredients/{id}", s.handleIngredientEditForm)

		r.Get("/catalogue/ajout/categorie", s.handleCategoryNewPage)
		r.Post("/catalogue/ajout/categorie", s.handleCategoryNewForm)
		r.Get("/catalogue/categories/{id}", s.handleCategoryEditPage)
		r.Post("/catalogue/categories/{id}", s.handleCategoryEditForm)
	})
}

// allowCatalogPage answers a catalog page asked by a role outside
// catalogRoles with a 403 page that says who the catalog is for.
func (s *Server) allowCatalogPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !slices.Contains(catalogRoles, userFrom(r.Context()).Role) {
			s.render(w, r, http.StatusForbidden, "error.html", errorView{
				Title:   central.Message(central.LabelForbiddenTitle),
				Message: central.Message(central.LabelCatalogRoles),
				User:    userFrom(r.Context()),
			})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// handleCatalogPage shows the catalog being edited, how it differs from
// the last version, the versions and the pizzerias' answers to the
// newest: GET /catalogue. ?avis= names the change just made, to confirm.
func (s *Server) handleCatalogPage(w http.ResponseWriter, r *http.Request) {
	view, err := s.catalogView(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	view.Notice = catalogNotice(r, view)
	s.render(w, r, http.StatusOK, "catalog.html", view)
}

// handleCatalogPublishForm publishes the catalog being edited as the next
// version, as POST /api/v1/catalog/versions does, and goes back to the
// overview with a notice: POST /catalogue/publier. A draft that has not
// changed is published all the same, as the service does (it is how a
// pizzeria opened since gets the catalog), and the notice says so. The
// form also names the draft revision the page showed: a draft changed
// since, by anyone, is not published, and the overview shows it again
// (409) for the publisher to review.
func (s *Server) handleCatalogPublishForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.parseForm(w, r, s.errorPage) {
		return
	}
	// The form names the version it offers: posted again (a double click,
	// a reload), it finds that version out and publishes nothing more.
	if offered, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64); err == nil {
		draft, err := s.Catalog.FindCatalog(ctx)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if draft.Version > offered {
			http.Redirect(w, r, fmt.Sprintf("/catalogue?avis=publie&version=%d", offered),
				http.StatusSeeOther)
			return
		}
	}
	unchanged, err := s.draftUnchanged(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	reviewed := central.CatalogExpected{Draft: expectedRevision(formRevision(r.PostForm))}
	v, err := s.Catalog.PublishCatalog(ctx, userFrom(ctx).Username, reviewed)
	if err != nil {
		s.catalogPageError(w, r, err)
		return
	}
	if s.CommandsQueued != nil {
		s.CommandsQueued()
	}
	target := fmt.Sprintf("/catalogue?avis=publie&version=%d", v.Version)
	if unchanged {
		target += "&inchange=1"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// draftUnchanged reports whether the catalog being edited is the newest
// published version, entry for entry.
func (s *Server) draftUnchanged(r *http.Request) (bool, error) {
	draft, err := s.Catalog.FindCatalog(r.Context())
	if err != nil {
		return false, err
	}
	published, err := s.Catalog.FindPublishedCatalog(r.Context())
	if err != nil || published == nil {
		return false, err
	}
	return !central.CompareCatalogs(published, draft).Any(), nil
}

// failurePage shows an error that is no refusal (userError logged it) as
// the error page, with its status.
func (s *Server) failurePage(w http.ResponseWriter, r *http.Request, status int, body errorJSON) {
	s.render(w, r, status, "error.html", errorView{
		Title:   central.Message(central.LabelErrorTitle),
		Message: body.Error.Message,
		User:    userFrom(r.Context()),
	})
}

// catalogPageError shows a refusal of the service on the overview, with
// its status; an internal error gets the error page.
func (s *Server) catalogPageError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.userError(r, err)
	if status >= http.StatusInternalServerError {
		s.failurePage(w, r, status, body)
		return
	}
	view, viewErr := s.catalogView(r)
	if viewErr != nil {
		s.errorPage(w, r, viewErr)
		return
	}
	view.Error = body.Error.Message
	s.render(w, r, status, "catalog.html", view)
}
