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
// a new entry's, gives 0.
func formRevision(form url.Values) int64 {
	revision, err := strconv.ParseInt(form.Get("revision"), 10, 64)
	if err != nil || revision < 0 {
		return 0
	}
	return revision
}

// expectedRevision is the revision a change from a page expects: the one
// its form was shown with. A form without one (a page from before
// revisions, or tampered with) expects -1, which nothing has: the change
// is refused as stale rather than made unchecked.
func expectedRevision(shown int64) int64 {
	if shown < 1 {
		return -1
	}
	return shown
}

// entryExpected is what a save from an entry's form expects: a new
// entry's id still free, an existing one's revision as the form showed it.
func entryExpected(isNew bool, shown int64) central.CatalogExpected {
	if isNew {
		return central.CatalogExpected{New: true}
	}
	return central.CatalogExpected{Entry: expectedRevision(shown)}
}

// postedEntry reads the draft and the entry that a posted form of the
// path's id edits. An entry gone since its form was shown (withdrawn, or
// dropped by an import: the form carries the revision it had) is given
// as blank(id), so that the save finds it stale and shows the form again
// as typed instead of losing the input. An entry that was never shown is
// a 404 page, with the sentence missing; ok is false then.
func postedEntry[T any](s *Server, w http.ResponseWriter, r *http.Request,
	find func(*syncproto.Catalog, string) *T, blank func(id string) *T,
	missing central.MessageKey) (d *central.CatalogDraft, entry *T, ok bool) {
	if d, ok = s.draft(w, r); !ok || !s.parseForm(w, r, s.errorPage) {
		return nil, nil, false
	}
	id := chi.URLParam(r, "id")
	if entry = find(d.Catalog, id); entry != nil {
		return d, entry, true
	}
	if formRevision(r.PostForm) == 0 {
		s.errorPage(w, r, central.Errorm(central.ENOTFOUND, missing, id))
		return nil, nil, false
	}
	return d, blank(id), true
}

// entrySaved sends the browser back to the overview, at the entry just
// saved, with the notice that says so: kind is the entry's word in ?avis=
// and in the overview's anchors ("produit", "ingredient", "categorie").
func entrySaved(w http.ResponseWriter, r *http.Request, kind, id string) {
	http.Redirect(w, r, "/catalogue?avis="+kind+"&id="+url.QueryEscape(id)+"#"+kind+"-"+id,
		http.StatusSeeOther)
}
