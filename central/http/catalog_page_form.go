package http

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// catalogForm is what every catalog form shows besides its fields: its
// title and target, who is logged in, the revision of the entry it was
// shown with (posted back in a hidden field), the sentences next to the
// fields (by field name) and one above the form. Stale says the entry
// changed since: the sentence above the form offers to reload it.
type catalogForm struct {
	User      *central.User
	Title     string
	Action    string
	New       bool // creates an entry, whose id the form gives
	Revision  int64
	Errors    map[string]string
	FormError string
	Stale     bool
}

// refuse puts a sentence next to a field, keeping the first one a field
// got, and says above the form that nothing was saved.
func (f *catalogForm) refuse(field string, key central.MessageKey, args ...any) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = central.Message(key, args...)
	}
	f.FormError = central.Message(central.MsgCatalogFormError)
}

// failed reports whether the form has a refusal to show.
func (f *catalogForm) failed() bool { return len(f.Errors) > 0 || f.FormError != "" }

// catalogFormFields are the form fields of the catalog entries' fields as
// the catalog service names them in a refusal.
var catalogFormFields = map[string]string{
	"id": "id", "name": "nom", "category": "categorie", "price_cents": "prix",
	"recipe": "recette", "unit": "unite", "low_threshold": "seuil",
}

// refusal puts a refusal of the catalog service on a form that has the
// fields given, and returns its status: next to the field it names, or
// above the form. An error that is not a refusal (the database failed)
// gets the error page, and 0 is returned.
func (s *Server) refusal(w http.ResponseWriter, r *http.Request, err error, f *catalogForm,
	fields ...string) int {
	status, body := s.userError(r, err)
	if status >= http.StatusInternalServerError {
		s.failurePage(w, r, status, body)
		return 0
	}
	field := catalogFormFields[body.Error.Field]
	if field == "" || !slices.Contains(fields, field) {
		// The service's only conflict on an entry is a stale revision.
		f.FormError, f.Stale = body.Error.Message, body.Error.Code == central.ECONFLICT
		return status
	}
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	f.Errors[field] = body.Error.Message
	f.FormError = central.Message(central.MsgCatalogFormError)
	return status
}

// priceSyntax is a price as people type it in euros: up to seven digits,
// then optionally a comma or a point and one or two digits of cents. No
// sign, no spaces inside, no currency symbol. Its range is the catalog's
// to check.
var priceSyntax = regexp.MustCompile(`^([0-9]{1,7})(?:[.,]([0-9]{1,2}))?$`)

// parsePrice reads a price typed in euros, "12,50", "12.5" or "12", as
// cents; ok is false when it does not read as one.
func parsePrice(s string) (cents int64, ok bool) {
	m := priceSyntax.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	euros, _ := strconv.ParseInt(m[1], 10, 64)
	fraction := (m[2] + "00")[:2]
	c, _ := strconv.ParseInt(fraction, 10, 64)
	return euros*100 + c, true
}

// priceText writes cents as the price field shows them: "12,50".
func priceText(cents int64) string {
	return fmt.Sprintf("%d,%02d", cents/100, cents%100)
}

// countSyntax is a whole number as typed in a form: up to nine digits.
var countSyntax = regexp.MustCompile(`^[0-9]{1,9}$`)

// parseCount reads a whole number typed in a form; ok is false when it
// does not read as one.
func parseCount(s string) (n int64, ok bool) {
	s = strings.TrimSpace(s)
	if !countSyntax.MatchString(s) {
		return 0, false
	}
	n, _ = strconv.ParseInt(s, 10, 64)
	return n, true
}
