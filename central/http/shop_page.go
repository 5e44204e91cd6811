package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

// shopView is what every page of the website shows around its content:
// its title, and who is logged in (nil for a visitor).
type shopView struct {
	Title    string
	Customer *central.Customer
}

// formView carries a form's errors: sentences by field, shown next to the
// field, and one for the whole form.
type formView struct {
	Errors    map[string]string
	FormError string
}

// formErrors sorts an error for a form: its status, and its sentence next
// to the field it names or above the form.
func (s *Server) formErrors(r *http.Request, err error) (int, formView) {
	return s.fieldErrors(r, err, func(field string) string { return field })
}

// fieldErrors sorts an error for a form whose fields are named from the
// error's by field: its status, and its sentence next to that field, or
// above the form when field gives "".
func (s *Server) fieldErrors(r *http.Request, err error,
	field func(string) string) (int, formView) {
	status, body := s.userError(r, err)
	if f := field(body.Error.Field); f != "" {
		return status, formView{Errors: map[string]string{f: body.Error.Message},
			FormError: central.Message(central.LabelShopFormError)}
	}
	return status, formView{FormError: body.Error.Message}
}

// pageCustomer returns the customer logged in on the browser, or nil. A
// failure to read the session is logged and shows the page as to a
// visitor.
func (s *Server) pageCustomer(r *http.Request) *central.Customer {
	if c := customerFrom(r.Context()); c != nil {
		return c
	}
	token := sessiontoken.FromCookie(r, CustomerCookie)
	if token == "" {
		return nil
	}
	session, err := s.Customers.FindCustomerSession(r.Context(), sessiontoken.Hash(token))
	if err != nil {
		if central.ErrorCode(err) != central.EUNAUTHORIZED {
			s.log.Error("find customer session", "path", r.URL.Path, "error", err)
		}
		return nil
	}
	return session.Customer
}

// authenticateCustomerPage loads the customer of a page that needs one,
// sending a visitor to the log-in page, which brings them back after.
// Only the customer cookie counts: a staff session is a visitor here.
func (s *Server) authenticateCustomerPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := s.pageCustomer(r)
		if c == nil {
			back := "/compte"
			if r.Method == http.MethodGet {
				back = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/connexion?suite="+url.QueryEscape(back), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), customerContextKey{}, c)))
	})
}

// localPath returns a path of this site to go back to after logging in,
// or the account page for anything else, so that the log-in form never
// sends a customer to another site. Browsers drop tabs and line breaks
// from a Location and read a backslash as a slash, so any control
// character or backslash is refused, and what remains must be a path
// with neither scheme nor host.
func localPath(p string) string {
	u, err := url.Parse(p)
	switch {
	case err != nil, !strings.HasPrefix(p, "/"), strings.HasPrefix(p, "//"),
		strings.ContainsRune(p, '\\'), strings.IndexFunc(p, unicode.IsControl) >= 0,
		u.Scheme != "", u.Host != "", u.User != nil:
		return "/compte"
	}
	return p
}

// shopErrorView is the data of the website's error page.
type shopErrorView struct {
	shopView
	Message string
}

// shopErrorPage writes err as a page of the website, with its status.
func (s *Server) shopErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.userError(r, err)
	s.render(w, r, status, "shop_error.html", shopErrorView{
		shopView: shopView{Title: central.Message(central.LabelShopErrorTitle),
			Customer: s.pageCustomer(r)},
		Message: body.Error.Message,
	})
}

// parseShopForm reads a posted form as parseForm does, answering with the
// website's error page when it cannot.
func (s *Server) parseShopForm(w http.ResponseWriter, r *http.Request) bool {
	return s.parseForm(w, r, s.shopErrorPage)
}
