package http

import (
	"context"
	"net/http"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

// CustomerCookie carries a customer's session token for the website's
// pages; it is not the staff cookie, so that neither session can open the
// other's routes.
const CustomerCookie = "ocpizza_customer_session"

// RoleCustomer is the role a customer's session shows in the log-in
// answer. It is not a staff role and opens no staff route.
const RoleCustomer central.Role = "customer"

type customerContextKey struct{}

// customerFrom returns the authenticated customer of a request.
func customerFrom(ctx context.Context) *central.Customer {
	c, _ := ctx.Value(customerContextKey{}).(*central.Customer)
	return c
}

// createCustomerSession logs a customer in from a session request with an
// email: the same answer shape as staff, with role "customer".
func (s *Server) createCustomerSession(w http.ResponseWriter, r *http.Request, req sessionRequest) {
	token, session, err := s.logInCustomer(r, req.Email, req.Password)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.setCustomerCookie(w, r, token)
	writeJSON(w, http.StatusCreated, sessionResponse{
		Token: token,
		User: userJSON{
			Email: session.Customer.Email, Name: session.Customer.Name, Role: RoleCustomer,
		},
		ExpiresAt: session.ExpiresAt,
	})
}

// setCustomerCookie gives a browser a customer's session token, out of
// reach of scripts. It is Lax rather than Strict, so that a customer who
// follows a link to the website arrives logged in.
func (s *Server) setCustomerCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: CustomerCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secureCookies || r.TLS != nil, SameSite: http.SameSiteLaxMode,
		MaxAge: int(central.CustomerSessionMaxAge / time.Second),
	})
}

// logInCustomer checks a customer's credentials with the same guard as
// staff log-ins (failures per email and overall, bounded hashing) and
// opens a session, returning its token.
func (s *Server) logInCustomer(r *http.Request, email, password string) (string,
	*central.CustomerSession, error) {
	// Check the input before spending a hash on it.
	email = central.NormalizeEmail(email)
	switch {
	case len(email) > central.MaxEmailLen:
		return "", nil, central.Invalid("email", central.MsgTooLong, central.MaxEmailLen)
	case password == "":
		return "", nil, central.Invalid("password", central.MsgRequired)
	case len(password) > maxPasswordLen:
		return "", nil, central.Invalid("password", central.MsgTooLong, maxPasswordLen)
	}

	// The password, then a new token.
	if !s.logins.Begin(email) {
		return "", nil, central.Errorm(ERATELIMIT, central.MsgTooManyLogins)
	}
	customer, err := s.verifyCustomerPassword(r, email, password)
	s.logins.End(email, central.ErrorCode(err) == central.EUNAUTHORIZED)
	if err != nil {
		return "", nil, err
	}
	token, hash := sessiontoken.New()
	session, err := s.Customers.CreateCustomerSession(r.Context(), customer.ID, hash)
	if err != nil {
		return "", nil, err
	}
	return token, session, nil
}

// verifyCustomerPassword checks a password against the customer's hash,
// or against a dummy hash for an unknown email so that both take as long.
func (s *Server) verifyCustomerPassword(r *http.Request, email,
	password string) (*central.Customer, error) {
	customer, err := s.Customers.FindCustomerByEmail(r.Context(), email)
	if err != nil && central.ErrorCode(err) != central.ENOTFOUND {
		return nil, err
	}
	hash := passhash.DummyHash
	if customer != nil {
		hash = customer.PasswordHash
	}
	if err := s.verifyHash(r, hash, password, customer != nil && !customer.Disabled); err != nil {
		return nil, err
	}
	return customer, nil
}

// authenticateCustomer loads the customer session of an API request,
// refusing with 401 when there is none. A staff token is not one.
func (s *Server) authenticateCustomer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := sessiontoken.FromRequest(r, CustomerCookie)
		if token == "" {
			s.Error(w, r, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired))
			return
		}
		session, err := s.Customers.FindCustomerSession(r.Context(), sessiontoken.Hash(token))
		if err != nil {
			s.Error(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), customerContextKey{}, session.Customer)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// handleCustomerSessionDelete logs the customer out:
// DELETE /api/v1/customer/session.
func (s *Server) handleCustomerSessionDelete(w http.ResponseWriter, r *http.Request) {
	token := sessiontoken.FromRequest(r, CustomerCookie)
	if err := s.Customers.DeleteCustomerSession(r.Context(), sessiontoken.Hash(token)); err != nil {
		s.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: CustomerCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	w.WriteHeader(http.StatusNoContent)
}
