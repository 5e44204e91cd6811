package http

import (
	"errors"
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// parseForm reads a posted form and reports whether the handler may go
// on. When the form cannot be read it answers itself, through page (the
// staff error page, or the website's): 413 for a body over the bound,
// 400 for anything else.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request,
	page func(http.ResponseWriter, *http.Request, error)) bool {
	err := r.ParseForm()
	if err == nil {
		return true
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		page(w, r, central.Errorm(ETOOLARGE, central.MsgBodyTooLarge))
		return false
	}
	page(w, r, central.Errorm(central.EBADREQUEST, central.MsgBadForm))
	return false
}
