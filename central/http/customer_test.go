package http_test

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/syncproto/openapitest"
)

const customerPassword = "margherita-2026"

// signUp is a valid sign-up, with fields overridden by kv pairs.
func signUp(kv ...string) map[string]string {
	req := map[string]string{
		"email": "Anna.Rossi@Example.fr", "password": customerPassword,
		"name": "Anna Rossi", "phone": "06 12 34 56 78",
	}
	for i := 0; i+1 < len(kv); i += 2 {
		req[kv[i]] = kv[i+1]
	}
	return req
}

// customerLogin logs a customer in by email and returns the answer.
func (e *testEnv) customerLogin(tb testing.TB, email, password string) *response {
	tb.Helper()
	return e.do(tb, "", "POST", "/api/v1/sessions", map[string]string{"email": email, "password": password})
}

func TestCustomerSignUpAndLogIn(t *testing.T) {
	env := newEnv(t)

	// Sign up: the account comes back normalized, without its hash.
	resp := env.do(t, "", "POST", "/api/v1/customers", signUp())
	resp.wantStatus(t, http.StatusCreated)
	var c central.Customer
	resp.decode(t, &c)
	if c.ID == "" || c.Email != "anna.rossi@example.fr" || c.Phone != "0612345678" ||
		c.Name != "Anna Rossi" {
		t.Fatalf("signed up %+v", c)
	}

	// Log in by email, in any case: a customer session and its cookie.
	resp = env.customerLogin(t, "ANNA.ROSSI@example.fr", customerPassword)
	resp.wantStatus(t, http.StatusCreated)
	var s struct {
		Token string `json:"token"`
		User  struct{ Email, Name, Role string }
	}
	resp.decode(t, &s)
	if s.Token == "" || s.User.Role != "customer" || s.User.Email != c.Email {
		t.Fatalf("customer session %+v", s)
	}
	cookie := resp.cookie(centralhttp.CustomerCookie)
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode ||
		cookie.Value != s.Token {
		t.Errorf("customer cookie %+v", cookie)
	}

	// The token opens the customer's routes, until log-out.
	resp = env.do(t, s.Token, "GET", "/api/v1/customer", nil)
	resp.wantStatus(t, http.StatusOK)
	var me central.Customer
	resp.decode(t, &me)
	if me.ID != c.ID {
		t.Errorf("GET /customer = %+v", me)
	}
	env.do(t, s.Token, "DELETE", "/api/v1/customer/session", nil).wantStatus(t, http.StatusNoContent)
	env.do(t, s.Token, "GET", "/api/v1/customer", nil).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
}

func TestCustomerSignUpRefusesBadInput(t *testing.T) {
	env := newEnv(t)
	env.do(t, "", "POST", "/api/v1/customers", signUp()).wantStatus(t, http.StatusCreated)

	cases := []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"no email", signUp("email", ""), 422, central.EINVALID, "email"},
		{"bad email", signUp("email", "anna@localhost"), 422, central.EINVALID, "email"},
		{"named email", signUp("email", "Anna <anna@example.fr>"), 422, central.EINVALID, "email"},
		{"no name", signUp("name", "  "), 422, central.EINVALID, "name"},
		{"bad phone", signUp("phone", "12 34"), 422, central.EINVALID, "phone"},
		{"short password", signUp("password", "court"), 422, central.EINVALID, "password"},
		{"password is the email", signUp("email", "luca@example.fr", "password", "Luca@Example.fr"),
			422, central.EINVALID, "password"},
		{"unknown field", map[string]any{"email": "x@example.fr", "role": "head_office"}, 400,
			central.EBADREQUEST, "role"},
		{"email taken, in another case", signUp("email", "ANNA.ROSSI@EXAMPLE.FR"), 409, central.ECONFLICT, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := env.do(t, "", "POST", "/api/v1/customers", c.body).wantError(t, c.status, c.code)
			if body.Error.Field != c.field {
				t.Errorf("field %q, want %q", body.Error.Field, c.field)
			}
		})
	}
	_, err := env.DB.FindCustomerByEmail(t.Context(), "luca@example.fr")
	if central.ErrorCode(err) != central.ENOTFOUND {
		t.Errorf("a refused sign-up was stored: %v", err)
	}
}

func TestCustomerLogInRefusals(t *testing.T) {
	env := newEnv(t)
	env.do(t, "", "POST", "/api/v1/customers", signUp()).wantStatus(t, http.StatusCreated)

	// Wrong password and unknown email: the same 401 and message.
	wrong := env.customerLogin(t, "anna.rossi@example.fr", "pas le bon").
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
	unknown := env.customerLogin(t, "nobody@example.fr", customerPassword).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
	if wrong.Error.Message != unknown.Error.Message {
		t.Errorf("wrong password %q, unknown email %q: want the same",
			wrong.Error.Message, unknown.Error.Message)
	}

	// Both a username and an email: refused.
	env.do(t, "", "POST", "/api/v1/sessions", map[string]string{
		"username": "ops", "email": "anna.rossi@example.fr", "password": customerPassword,
	}).wantError(t, http.StatusUnprocessableEntity, central.EINVALID)

	// Failures on one email are throttled like a staff name.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { env.customerLogin(t, "anna.rossi@example.fr", "pas le bon") })
	}
	wg.Wait()
	env.customerLogin(t, "anna.rossi@example.fr", customerPassword).
		wantError(t, http.StatusTooManyRequests, centralhttp.ERATELIMIT)
}

func TestCustomerAndStaffSessionsApart(t *testing.T) {
	env := newEnv(t)
	env.do(t, "", "POST", "/api/v1/customers", signUp()).wantStatus(t, http.StatusCreated)
	var s struct{ Token string }
	env.customerLogin(t, "anna.rossi@example.fr", customerPassword).decode(t, &s)

	// A customer token opens no staff route, and no staff token opens a
	// customer route.
	env.do(t, s.Token, "GET", "/api/v1/branches", nil).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
	env.do(t, s.Token, "DELETE", "/api/v1/sessions", nil).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
	for _, op := range loadOpenAPI(t).Operations() {
		if !customerOnly(op) {
			continue
		}
		for _, role := range allRoles {
			status := env.statusOf(t, env.Tokens[role], op.Method, op.Path)
			if status != http.StatusUnauthorized {
				t.Errorf("%s with a %s token: %d, want 401", op.Key(), role, status)
			}
		}
		security, _ := op.Spec["security"].([]any)
		hasCookie := func(s any) bool { _, ok := openapitest.MapOf(s)["customerCookie"]; return ok }
		if !slices.ContainsFunc(security, hasCookie) {
			t.Errorf("%s: security %v, want customerCookie", op.Key(), security)
		}
	}
}
