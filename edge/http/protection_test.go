package http_test

import (
	"net/http"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

// TestCrossOrigin checks that a browser write from another site is refused
// with our 403 before it reaches a handler, and that the same request from
// the pizzeria's own pages, or from a till with neither header, passes.
func TestCrossOrigin(t *testing.T) {
	env := newEnv(t)
	order := newOrder(edge.FulfilmentPickup, line("margherita", 1))
	headers := func(role edge.Role, h map[string]string) func(*http.Request) {
		return func(r *http.Request) {
			if role != "" {
				r.Header.Set("Authorization", "Bearer "+env.Tokens[role])
			}
			for k, v := range h {
				r.Header.Set(k, v)
			}
		}
	}

	refused := map[string]map[string]string{
		"cross-site":                 {"Sec-Fetch-Site": "cross-site"},
		"same-site":                  {"Sec-Fetch-Site": "same-site"},
		"origin of another host":     {"Origin": "http://pirate.example"},
		"cross-site with our origin": {"Sec-Fetch-Site": "cross-site", "Origin": env.HTTP.URL},
	}
	for name, h := range refused {
		t.Run(name, func(t *testing.T) {
			before := env.state(t)
			resp := env.send(t, "POST", "/api/v1/orders", order, headers(taker, h))
			resp.wantError(t, http.StatusForbidden, edge.EFORBIDDEN)
			var body apiError
			resp.decode(t, &body)
			if body.Error.Message != edge.Message(edge.MsgCrossOrigin) {
				t.Errorf("message %q, want the cross-origin sentence", body.Error.Message)
			}

			// A log-in from another site opens no session.
			resp = env.send(t, "POST", "/api/v1/sessions", credentials("manager", testPassword),
				headers("", h))
			resp.wantError(t, http.StatusForbidden, edge.EFORBIDDEN)
			env.wantUnchanged(t, before, name)

			// Reading is not a write: it passes.
			env.send(t, "GET", "/api/v1/orders", nil, headers(taker, h)).wantStatus(t, http.StatusOK)
		})
	}

	allowed := map[string]map[string]string{
		"same-origin":   {"Sec-Fetch-Site": "same-origin"},
		"typed by hand": {"Sec-Fetch-Site": "none"},
		"our origin":    {"Origin": env.HTTP.URL},
		"a till":        {},
	}
	for name, h := range allowed {
		t.Run(name, func(t *testing.T) {
			env.send(t, "POST", "/api/v1/orders", order, headers(taker, h)).
				wantStatus(t, http.StatusCreated)
			env.send(t, "POST", "/api/v1/sessions", credentials("manager", testPassword), headers("", h)).
				wantStatus(t, http.StatusCreated)
		})
	}
}

// TestContentTypeParameters checks that a JSON media type is recognised
// whatever its case and parameters; the refusals of other types are among
// the cases of TestBadInput.
func TestContentTypeParameters(t *testing.T) {
	env := newEnv(t)
	for _, ct := range []string{
		"application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8",
	} {
		t.Run(ct, func(t *testing.T) {
			resp := env.send(t, "POST", "/api/v1/stock/movements",
				edge.MovementCreate{IngredientID: "pate", Kind: edge.MovementReceipt, Quantity: 1},
				func(r *http.Request) {
					r.Header.Set("Authorization", "Bearer "+env.Tokens[manager])
					r.Header.Set("Content-Type", ct)
				})
			resp.wantStatus(t, http.StatusCreated)
		})
	}

	// A request without a body needs no type.
	env.send(t, "DELETE", "/api/v1/sessions", nil, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+env.login(t, "manager"))
	}).wantStatus(t, http.StatusNoContent)
}
