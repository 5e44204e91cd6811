package systemtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// call sends a request to central's API, with a bearer token unless it
// is empty, and returns the status and body of the answer.
func (s *webSystem) call(token, method, path string, body any) (int, []byte) {
	s.t.Helper()
	var in io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		in = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.url+path, in)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// logIn opens a session at central, by username or email, and returns its
// token.
func (s *webSystem) logIn(field, name, password string) string {
	s.t.Helper()
	status, body := s.call("", http.MethodPost, "/api/v1/sessions",
		map[string]string{field: name, "password": password})
	var session struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &session); status != http.StatusCreated || err != nil ||
		session.Token == "" {
		s.t.Fatalf("%s logs in: status %d: %s", name, status, body)
	}
	return session.Token
}

// customer is a customer of the website with an open session.
type customer struct {
	s     *webSystem
	token string
}

// signUp makes a customer account through the API and logs it in.
func (s *webSystem) signUp(email string) *customer {
	s.t.Helper()
	const password = "une pizza le dimanche soir"
	status, body := s.call("", http.MethodPost, "/api/v1/customers", map[string]string{
		"email": email, "password": password, "name": "Anna Martin", "phone": "0611223344"})
	if status != http.StatusCreated {
		s.t.Fatalf("sign-up: status %d: %s", status, body)
	}
	return &customer{s: s, token: s.logIn("email", email, password)}
}

// order orders two margheritas to testPostcode, paid by method, and
// returns the order as the answer shows it.
func (cu *customer) order(method string) central.WebOrder {
	cu.s.t.Helper()
	status, body := cu.s.call(cu.token, http.MethodPost, "/api/v1/customer/orders", map[string]any{
		"fulfilment": "delivery", "payment_method": method,
		"address": map[string]string{"street": "12 rue de la Roquette", "postcode": testPostcode,
			"city": "Paris"},
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 2}},
	})
	if status != http.StatusAccepted {
		cu.s.t.Fatalf("order: status %d: %s", status, body)
	}
	return decodeOrder(cu.s.t, body)
}

// view reads one of the customer's orders.
func (cu *customer) view(id string) central.WebOrder {
	cu.s.t.Helper()
	status, body := cu.s.call(cu.token, http.MethodGet, "/api/v1/customer/orders/"+id, nil)
	if status != http.StatusOK {
		cu.s.t.Fatalf("order %s: status %d: %s", id, status, body)
	}
	return decodeOrder(cu.s.t, body)
}

func decodeOrder(t testing.TB, body []byte) central.WebOrder {
	t.Helper()
	var o central.WebOrder
	if err := json.Unmarshal(body, &o); err != nil || o.ID == "" {
		t.Fatalf("order %s: %v", body, err)
	}
	return o
}

// formAction finds the card form's target on the simulator's page.
var formAction = regexp.MustCompile(`<form method="post" action="(/pay/[^"/]+)"`)

// pay fills in the simulator's payment page of an order as a browser
// does: it reads the page, posts its card form with a test card number,
// and returns the address the page sends the customer back to.
func (s *webSystem) pay(o central.WebOrder, number string) *url.URL {
	s.t.Helper()
	resp, err := http.Get(o.PaymentURL)
	if err != nil {
		s.t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := formAction.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		s.t.Fatalf("payment page %s: status %d, no card form", o.PaymentURL, resp.StatusCode)
	}

	// The card, with an expiry two years ahead.
	expiry := time.Now().AddDate(2, 0, 0).Format("01/06")
	form := url.Values{"number": {number}, "expiry": {expiry}, "cvc": {"123"}}
	req, _ := http.NewRequest(http.MethodPost, s.simURL+string(m[1]),
		bytes.NewReader([]byte(form.Encode())))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.simURL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err = browser.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || err != nil {
		s.t.Fatalf("pay: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back
}

// addDriver makes a central staff account with the driver role for a
// pizzeria, as `ocpizza-central user add` does (it goes down to the
// pizzeria too), and returns the token of its session at central.
func (s *webSystem) addDriver(e *edgeNode, username string) string {
	s.t.Helper()
	const password = "mot de passe du livreur"
	hash, err := passhash.Hash(password, passhash.Default)
	if err != nil {
		s.t.Fatal(err)
	}
	err = s.c.db.AddStaff(context.Background(), &central.User{Username: username,
		Role: central.RoleDriver, PizzeriaID: e.id, PasswordHash: hash})
	if err != nil {
		s.t.Fatal(err)
	}
	return s.logIn("username", username, password)
}

// driverRequest asks, from the drivers' API, that an order move to a
// status, with the payment collected when given, and returns the status
// of the answer.
func (s *webSystem) driverRequest(token, orderID, to, collected string) int {
	s.t.Helper()
	body := map[string]string{"to": to}
	if collected != "" {
		body["collected"] = collected
	}
	path := "/api/v1/driver/orders/" + orderID + "/transitions"
	status, _ := s.call(token, http.MethodPost, path, body)
	return status
}
