package http

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/ocpizza/ocpizza/central"
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
	status, body := s.userError(r, err)
	if body.Error.Field != "" {
		return status, formView{Errors: map[string]string{body.Error.Field: body.Error.Message},
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
	cookie, err := r.Cookie(CustomerCookie)
	if err != nil || cookie.Value == "" || len(cookie.Value) > maxTokenLen {
		return nil
	}
	session, err := s.Customers.FindCustomerSession(r.Context(), hashToken(cookie.Value))
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
// sends a customer to another site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
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

// parseShopForm reads a posted form, answering the error page itself when
// it cannot; it reports whether the handler may go on.
func (s *Server) parseShopForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	if err == nil {
		return true
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		s.shopErrorPage(w, r, central.Errorm(ETOOLARGE, central.MsgBodyTooLarge))
		return false
	}
	s.shopErrorPage(w, r, central.Errorm(central.EBADREQUEST, central.MsgBadRequest))
	return false
}
