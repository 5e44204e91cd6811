package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/edge"
)

// internalError answers a request whose handler panicked: the generic
// sentence, never the panic.
func internalError(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusInternalServerError, internalBody())
}

// pathID reads the {id} of a route, refusing one too long to be real.
func pathID(r *http.Request, notFound edge.MessageKey) (string, error) {
	id := chi.URLParam(r, "id")
	if id == "" || len(id) > edge.MaxIDLen {
		return "", edge.Errorf(edge.ENOTFOUND, notFound)
	}
	return id, nil
}
