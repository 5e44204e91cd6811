package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

// signUpView is the data of the sign-up form, given back with its errors.
type signUpView struct {
	shopView
	formView
	Email string
	Name  string
	Phone string
}

// handleSignUpPage shows the sign-up form: GET /inscription.
func (s *Server) handleSignUpPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "shop_signup.html", signUpView{shopView: shopView{
		Title: central.Message(central.LabelShopSignUp), Customer: s.pageCustomer(r)}})
}

// handleSignUpForm creates the account with the API's checks and logs the
// new customer in: POST /inscription. A refusal shows the form again with
// the sentence next to the field.
func (s *Server) handleSignUpForm(w http.ResponseWriter, r *http.Request) {
	if !s.parseShopForm(w, r) {
		return
	}
	req := customerRequest{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"),
		Name: r.PostForm.Get("name"), Phone: r.PostForm.Get("phone")}

	// The account, then its first session.
	_, err := s.signUp(r, req)
	var token string
	if err == nil {
		token, _, err = s.logInCustomer(r, req.Email, req.Password)
	}
	if err != nil {
		status, form := s.formErrors(r, err)
		if central.ErrorCode(err) == central.ECONFLICT {
			// The email taken: said next to it.
			form.Errors = map[string]string{"email": form.FormError}
			form.FormError = central.Message(central.LabelShopFormError)
		}
		s.render(w, r, status, "shop_signup.html", signUpView{
			shopView: shopView{Title: central.Message(central.LabelShopSignUp)},
			formView: form, Email: req.Email, Name: req.Name, Phone: req.Phone})
		return
	}
	s.setCustomerCookie(w, r, token)
	http.Redirect(w, r, "/compte?bienvenue=1", http.StatusSeeOther)
}

// shopLoginView is the data of the customers' log-in form.
type shopLoginView struct {
	shopView
	formView
	Email string
	Next  string // where to go after
}

// handleShopLoginPage shows the log-in form: GET /connexion?suite=.
func (s *Server) handleShopLoginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "shop_login.html", shopLoginView{
		shopView: shopView{Title: central.Message(central.LabelShopLogIn), Customer: s.pageCustomer(r)},
		Next:     localPath(r.URL.Query().Get("suite")),
	})
}

// handleShopLoginForm logs a customer in with the API's checks and limits,
// and sends them where they were going: POST /connexion.
func (s *Server) handleShopLoginForm(w http.ResponseWriter, r *http.Request) {
	if !s.parseShopForm(w, r) {
		return
	}
	email, next := r.PostForm.Get("email"), localPath(r.PostForm.Get("suite"))

	token, _, err := s.logInCustomer(r, email, r.PostForm.Get("password"))
	if err != nil {
		status, form := s.formErrors(r, err)
		s.render(w, r, status, "shop_login.html", shopLoginView{
			shopView: shopView{Title: central.Message(central.LabelShopLogIn)},
			formView: form, Email: email, Next: next})
		return
	}
	s.setCustomerCookie(w, r, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// handleShopLogout ends the customer's session, if any, and goes home:
// POST /deconnexion.
func (s *Server) handleShopLogout(w http.ResponseWriter, r *http.Request) {
	if token := sessiontoken.FromCookie(r, CustomerCookie); token != "" {
		if err := s.Customers.DeleteCustomerSession(r.Context(), sessiontoken.Hash(token)); err != nil {
			s.shopErrorPage(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: CustomerCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// accountView is the data of the account page.
type accountView struct {
	shopView
	Welcome   bool
	Addresses []addressView
	New       addressForm
}

// addressView is a kept address, with the pizzerias that deliver it.
type addressView struct {
	*central.Address
	ServedBy []pizzeriaCard
}

// addressForm is the form that adds an address, given back with errors.
type addressForm struct {
	formView
	Label, Street, Postcode, City, Details string
}

// handleAccount shows the customer's account and addresses: GET /compte.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, addressForm{})
}

// renderAccount writes the account page with the address form as given.
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int,
	form addressForm) {
	c := customerFrom(r.Context())
	addresses, err := s.Addresses.FindAddresses(r.Context(), c.ID)
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	v := accountView{shopView: shopView{Title: central.Message(central.LabelShopAccount), Customer: c},
		Welcome: r.URL.Query().Get("bienvenue") != "", New: form}

	// Each address with who delivers it; none is not an error here.
	for _, a := range addresses {
		serving, err := s.Shop.FindPizzeriasServing(r.Context(), a.Postcode)
		if code := central.ErrorCode(err); code != "" && code != central.ENOTFOUND {
			s.shopErrorPage(w, r, err)
			return
		}
		v.Addresses = append(v.Addresses, addressView{Address: a, ServedBy: toPizzeriaCards(serving)})
	}
	s.render(w, r, status, "shop_account.html", v)
}

// handleAddressForm adds an address from the account page:
// POST /compte/adresses. A refusal shows the page with the sentence next
// to the field.
func (s *Server) handleAddressForm(w http.ResponseWriter, r *http.Request) {
	if !s.parseShopForm(w, r) {
		return
	}
	f := r.PostForm
	a := &central.Address{CustomerID: customerFrom(r.Context()).ID, Label: f.Get("label"),
		Street: f.Get("street"), Postcode: f.Get("postcode"), City: f.Get("city"),
		Details: f.Get("details")}
	if err := s.Addresses.CreateAddress(r.Context(), a); err != nil {
		status, form := s.formErrors(r, err)
		s.renderAccount(w, r, status, addressForm{formView: form, Label: f.Get("label"),
			Street: f.Get("street"), Postcode: f.Get("postcode"), City: f.Get("city"),
			Details: f.Get("details")})
		return
	}
	http.Redirect(w, r, "/compte#adresses", http.StatusSeeOther)
}

// handleAddressDeleteForm deletes one of the customer's addresses:
// POST /compte/adresses/{id}/supprimer; another's is a 404 page.
func (s *Server) handleAddressDeleteForm(w http.ResponseWriter, r *http.Request) {
	err := s.Addresses.DeleteAddress(r.Context(), customerFrom(r.Context()).ID, chi.URLParam(r, "id"))
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/compte#adresses", http.StatusSeeOther)
}
