package http

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// draft reads the catalog being edited, answering the error page itself
// when it cannot; ok is false then.
func (s *Server) draft(w http.ResponseWriter, r *http.Request) (*syncproto.Catalog, bool) {
	c, err := s.Catalog.FindCatalog(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	return c, true
}

// draftEntry reads the draft and the entry of it that the path's id names,
// looked up with find. When there is none it answers a 404 page itself,
// with the sentence missing, and ok is false.
func draftEntry[T any](s *Server, w http.ResponseWriter, r *http.Request,
	find func(*syncproto.Catalog, string) *T,
	missing central.MessageKey) (c *syncproto.Catalog, entry *T, ok bool) {
	if c, ok = s.draft(w, r); !ok {
		return nil, nil, false
	}
	id := chi.URLParam(r, "id")
	if entry = find(c, id); entry == nil {
		s.errorPage(w, r, central.Errorm(central.ENOTFOUND, missing, id))
		return nil, nil, false
	}
	return c, entry, true
}

// entrySaved sends the browser back to the overview, at the entry just
// saved, with the notice that says so: kind is the entry's word in ?avis=
// and in the overview's anchors ("produit", "ingredient", "categorie").
func entrySaved(w http.ResponseWriter, r *http.Request, kind, id string) {
	http.Redirect(w, r, "/catalogue?avis="+kind+"&id="+url.QueryEscape(id)+"#"+kind+"-"+id,
		http.StatusSeeOther)
}
