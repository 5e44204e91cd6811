package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// draft reads the catalog being edited with its revisions, answering the
// error page itself when it cannot; ok is false then.
func (s *Server) draft(w http.ResponseWriter, r *http.Request) (*central.CatalogDraft, bool) {
	d, err := s.Catalog.FindCatalogDraft(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	return d, true
}

// draftEntry reads the draft and the entry of it that the path's id names,
// looked up with find. When there is none it answers a 404 page itself,
// with the sentence missing, and ok is false.
func draftEntry[T any](s *Server, w http.ResponseWriter, r *http.Request,
	find func(*syncproto.Catalog, string) *T,
	missing central.MessageKey) (d *central.CatalogDraft, entry *T, ok bool) {
	if d, ok = s.draft(w, r); !ok {
		return nil, nil, false
	}
	id := chi.URLParam(r, "id")
	if entry = find(d.Catalog, id); entry == nil {
		s.errorPage(w, r, central.Errorm(central.ENOTFOUND, missing, id))
		return nil, nil, false
	}
	return d, entry, true
}

// formRevision reads the revision an entry's form was shown with, its
// hidden field "revision": the entry's revision then. A form without one,
// a new entry's, gives 0, which checks nothing.
func formRevision(form url.Values) int64 {
	revision, err := strconv.ParseInt(form.Get("revision"), 10, 64)
	if err != nil || revision < 0 {
		return 0
	}
	return revision
}

// entrySaved sends the browser back to the overview, at the entry just
// saved, with the notice that says so: kind is the entry's word in ?avis=
// and in the overview's anchors ("produit", "ingredient", "categorie").
func entrySaved(w http.ResponseWriter, r *http.Request, kind, id string) {
	http.Redirect(w, r, "/catalogue?avis="+kind+"&id="+url.QueryEscape(id)+"#"+kind+"-"+id,
		http.StatusSeeOther)
}
