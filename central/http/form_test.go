package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// TestPageFormsUnreadable posts forms that cannot be read, over the body
// bound or badly encoded: a staff page answers with the staff error page,
// a page of the website with the website's, each with its status.
func TestPageFormsUnreadable(t *testing.T) {
	env, _ := newShopEnv(t)
	anna := customerCookie(env.signUpAndLogIn(t, "anna@example.fr"))
	huge := "nom=" + strings.Repeat("x", centralhttp.MaxBodyBytes)
	for _, tc := range []struct {
		name, body string
		status     int
		message    central.MessageKey
	}{
		{"over the bound", huge, http.StatusRequestEntityTooLarge, central.MsgBodyTooLarge},
		{"badly encoded", "nom=%zz", http.StatusBadRequest, central.MsgBadForm},
	} {
		t.Run(tc.name, func(t *testing.T) {
			staff := env.send(t, "POST", "/catalogue/ajout/categorie", tc.body,
				formFrom(env, env.withCookie(central.RoleHeadOffice)))
			staff.wantPage(t, tc.status, central.Message(tc.message),
				central.Message(central.LabelErrorTitle))
			shop := env.send(t, "POST", "/commander/paris-11/commande", tc.body,
				formFrom(env, func(r *http.Request) { r.AddCookie(anna) }))
			shop.wantPage(t, tc.status, central.Message(tc.message),
				central.Message(central.LabelShopBackHome))
		})
	}
}

// formFrom prepares a raw form body as a browser on central's own pages
// posts it, then as prepare says.
func formFrom(e *testEnv, prepare func(*http.Request)) func(*http.Request) {
	return func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", e.HTTP.URL)
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		prepare(r)
	}
}
