package http

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/strictjson"
)

// limitBody caps every request body at MaxBodyBytes.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// requireJSON refuses with 415 a POST, PUT or PATCH of the API whose body
// is not declared as application/json (parameters such as charset are
// allowed), so that a form or a text/plain body never reaches a handler.
func (s *Server) requireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
			if !strictjson.Declared(r) {
				s.Error(w, r, central.Errorm(EMEDIATYPE, central.MsgUnsupportedMediaType))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// decodeJSON reads exactly one JSON value into v, by the rules of
// strictjson: a body that breaks them is EBADREQUEST, naming the field at
// fault when it can, and one over the size limit is ETOOLARGE.
func decodeJSON(body io.Reader, v any) error {
	err := strictjson.Decode(body, v)
	var bad *strictjson.Error
	if !errors.As(err, &bad) {
		return err // nil
	}
	var e *central.Error
	switch bad.Problem {
	case strictjson.TooLarge:
		return central.Errorm(ETOOLARGE, central.MsgBodyTooLarge)
	case strictjson.UnknownField:
		e = central.Errorm(central.EBADREQUEST, central.MsgUnknownField, bad.Field)
	default:
		e = central.Errorm(central.EBADREQUEST, central.MsgBadRequest)
	}
	e.Field = bad.Field
	return e
}

// writeJSON writes v with a status. Encoding our own types cannot fail
// short of a broken connection, which there is no one left to tell.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
