package http

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/ocpizza/ocpizza/central"
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
			// ContentLength is -1 for a body of unknown length.
			mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if r.ContentLength != 0 && (err != nil || mediaType != "application/json") {
				s.Error(w, r, central.Errorm(EMEDIATYPE, central.MsgUnsupportedMediaType))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// decodeJSON reads exactly one JSON value into v. A body that is not JSON,
// has a field of the wrong type or an unknown field, or carries anything
// after the value is EBADREQUEST; one over the size limit is ETOOLARGE.
func decodeJSON(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return decodeError(err)
		}
		return central.Errorm(central.EBADREQUEST, central.MsgBadRequest)
	}
	return nil
}

// decodeError turns a decoding failure into an application error that
// names the field at fault when it can.
func decodeError(err error) error {
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return central.Errorm(ETOOLARGE, central.MsgBodyTooLarge)
	case errors.As(err, &typeErr):
		e := central.Errorm(central.EBADREQUEST, central.MsgBadRequest)
		e.Field = typeErr.Field
		return e
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := central.Errorm(central.EBADREQUEST, central.MsgUnknownField, field)
		e.Field = field
		return e
	default:
		return central.Errorm(central.EBADREQUEST, central.MsgBadRequest)
	}
}

// writeJSON writes v with a status. Encoding our own types cannot fail
// short of a broken connection, which there is no one left to tell.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
