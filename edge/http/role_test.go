package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

// Shorthands for the roles in the matrix below.
const (
	taker      = edge.RoleOrderTaker
	pizzaiolo  = edge.RolePizzaiolo
	driver     = edge.RoleDriver
	manager    = edge.RoleManager
	headOffice = edge.RoleHeadOffice
	ops        = edge.RoleOps
)

// matrixRequest is one concrete request of a route.
type matrixRequest struct {
	path  string
	body  any
	token string // when set, sent instead of the role's token
}

// matrixRoute is a route that needs a session, the roles that SPEC gives
// it, written out here independently of role.go, and a request that
// succeeds for any of those roles.
type matrixRoute struct {
	method, pattern string
	allowed         []edge.Role
	success         int
	request         func(tb testing.TB, e *testEnv, role edge.Role) matrixRequest
}

// key returns "METHOD /pattern".
func (m matrixRoute) key() string { return m.method + " " + m.pattern }

// fixed returns a request builder of a fixed path and body.
func fixed(path string, body any) func(testing.TB, *testEnv, edge.Role) matrixRequest {
	return func(testing.TB, *testEnv, edge.Role) matrixRequest {
		return matrixRequest{path: path, body: body}
	}
}

// roleMatrix is who may do what. Everyone views the menu and their own
// session; the front desk (order takers and the manager) takes, modifies
// and pays orders and finds customers; the kitchen and drivers see orders
// and move them; the manager does everything in the pizzeria, alone
// moving stock and switching products; head office views orders, stock,
// staff and sync; ops views the sync and the menu only.
var roleMatrix = []matrixRoute{
	{method: "DELETE", pattern: "/api/v1/sessions", success: http.StatusNoContent,
		allowed: []edge.Role{taker, pizzaiolo, driver, manager, headOffice, ops},
		request: func(tb testing.TB, e *testEnv, role edge.Role) matrixRequest {
			// Its own session, so that the role's token lives on.
			return matrixRequest{path: "/api/v1/sessions", token: e.login(tb, string(role))}
		}},
	{method: "GET", pattern: "/api/v1/me", success: http.StatusOK,
		allowed: []edge.Role{taker, pizzaiolo, driver, manager, headOffice, ops},
		request: fixed("/api/v1/me", nil)},
	{method: "GET", pattern: "/api/v1/menu", success: http.StatusOK,
		allowed: []edge.Role{taker, pizzaiolo, driver, manager, headOffice, ops},
		request: fixed("/api/v1/menu", nil)},
	{method: "PUT", pattern: "/api/v1/products/{id}/availability", success: http.StatusOK,
		allowed: []edge.Role{manager},
		request: fixed("/api/v1/products/margherita/availability", map[string]bool{"available": true})},
	{method: "GET", pattern: "/api/v1/orders", success: http.StatusOK,
		allowed: []edge.Role{taker, pizzaiolo, driver, manager, headOffice},
		request: fixed("/api/v1/orders", nil)},
	{method: "POST", pattern: "/api/v1/orders", success: http.StatusCreated,
		allowed: []edge.Role{taker, manager},
		request: fixed("/api/v1/orders", newOrder(edge.FulfilmentDelivery, line("reine", 1)))},
	{method: "GET", pattern: "/api/v1/orders/{id}", success: http.StatusOK,
		allowed: []edge.Role{taker, pizzaiolo, driver, manager, headOffice},
		request: func(tb testing.TB, e *testEnv, _ edge.Role) matrixRequest {
			return matrixRequest{path: "/api/v1/orders/" + e.createOrder(tb, edge.FulfilmentPickup).ID}
		}},
	{method: "PATCH", pattern: "/api/v1/orders/{id}", success: http.StatusOK,
		allowed: []edge.Role{taker, manager},
		request: func(tb testing.TB, e *testEnv, _ edge.Role) matrixRequest {
			o := e.createOrder(tb, edge.FulfilmentDelivery)
			return matrixRequest{path: "/api/v1/orders/" + o.ID,
				body: map[string]string{"address": "8 rue Neuve"}}
		}},
	{method: "POST", pattern: "/api/v1/orders/{id}/transitions", success: http.StatusOK,
		allowed: []edge.Role{taker, pizzaiolo, driver, manager},
		request: func(tb testing.TB, e *testEnv, role edge.Role) matrixRequest {
			// A move that the role owns in the status machine.
			from, to := edge.StatusAccepted, edge.StatusPreparing
			switch role {
			case taker:
				to = edge.StatusCancelled
			case driver:
				from, to = edge.StatusReady, edge.StatusOutForDelivery
			}
			o := e.orderIn(tb, from, edge.FulfilmentDelivery)
			return matrixRequest{path: "/api/v1/orders/" + o.ID + "/transitions",
				body: edge.TransitionRequest{To: to}}
		}},
	{method: "POST", pattern: "/api/v1/orders/{id}/payment", success: http.StatusOK,
		allowed: []edge.Role{taker, driver, manager},
		request: func(tb testing.TB, e *testEnv, _ edge.Role) matrixRequest {
			o := e.createOrder(tb, edge.FulfilmentDelivery)
			return matrixRequest{path: "/api/v1/orders/" + o.ID + "/payment",
				body: edge.PaymentRecord{Method: edge.PaymentCard}}
		}},
	{method: "GET", pattern: "/api/v1/customers", success: http.StatusOK,
		allowed: []edge.Role{taker, manager},
		request: fixed("/api/v1/customers?phone=0612345678", nil)},
	{method: "GET", pattern: "/api/v1/stock", success: http.StatusOK,
		allowed: []edge.Role{manager, headOffice},
		request: fixed("/api/v1/stock", nil)},
	{method: "GET", pattern: "/api/v1/stock/movements", success: http.StatusOK,
		allowed: []edge.Role{manager, headOffice},
		request: fixed("/api/v1/stock/movements?limit=10", nil)},
	{method: "POST", pattern: "/api/v1/stock/movements", success: http.StatusCreated,
		allowed: []edge.Role{manager},
		request: fixed("/api/v1/stock/movements", edge.MovementCreate{
			IngredientID: "pate", Kind: edge.MovementReceipt, Quantity: 10, Note: "livraison"})},
	{method: "GET", pattern: "/api/v1/users", success: http.StatusOK,
		allowed: []edge.Role{manager, headOffice},
		request: fixed("/api/v1/users", nil)},
	{method: "GET", pattern: "/api/v1/sync", success: http.StatusOK,
		allowed: []edge.Role{manager, headOffice, ops},
		request: fixed("/api/v1/sync", nil)},
	{method: "GET", pattern: "/api/v1/web-orders", success: http.StatusOK,
		allowed: []edge.Role{taker, pizzaiolo, driver, manager, headOffice},
		request: fixed("/api/v1/web-orders", nil)},
	{method: "PUT", pattern: "/api/v1/web-orders", success: http.StatusOK,
		allowed: []edge.Role{manager},
		request: fixed("/api/v1/web-orders", map[string]bool{"open": true})},
}

// runRoleMatrix sends every route of the matrix as every role. An allowed
// role must succeed; any other gets 403 forbidden and writes nothing. It
// returns, per route, the roles the server let through.
func runRoleMatrix(t testing.TB, e *testEnv) map[string][]edge.Role {
	t.Helper()
	live := map[string][]edge.Role{}
	for _, route := range roleMatrix {
		for _, role := range edge.Roles {
			req := route.request(t, e, role)
			token := req.token
			if token == "" {
				token = e.Tokens[role]
			}
			before := e.state(t)
			resp := e.do(t, token, route.method, req.path, req.body)
			if resp.Status != http.StatusForbidden {
				live[route.key()] = append(live[route.key()], role)
			}

			label := route.key() + " as " + string(role)
			switch {
			case containsRole(route.allowed, role) && resp.Status != route.success:
				t.Errorf("%s: status %d, want %d; body %s", label, resp.Status, route.success, resp.Body)
			case !containsRole(route.allowed, role):
				resp.wantError(t, http.StatusForbidden, edge.EFORBIDDEN)
				e.wantUnchanged(t, before, label)
			}
		}
	}
	return live
}

func containsRole(roles []edge.Role, r edge.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func TestRoleMatrix(t *testing.T) {
	env := newEnv(t)
	live := runRoleMatrix(t, env)

	// The server lets through exactly the roles written above.
	for _, route := range roleMatrix {
		if !sameRoles(live[route.key()], route.allowed) {
			t.Errorf("%s: server allows %v, want %v", route.key(), live[route.key()], route.allowed)
		}
	}

	// The matrix covers every route that needs a session.
	covered := map[string]bool{}
	for _, route := range roleMatrix {
		covered[route.key()] = true
	}
	for route := range routerRoutes(t) {
		if !publicOperations[route] && !covered[route] {
			t.Errorf("route %s is not in the role matrix", route)
		}
	}
}

func TestRoutesNeedSession(t *testing.T) {
	env := newEnv(t)
	tokens := map[string]string{
		"no token":       "",
		"garbage token":  "pas-un-jeton",
		"overlong token": strings.Repeat("a", 200),
	}
	for name, token := range tokens {
		t.Run(name, func(t *testing.T) {
			for _, route := range roleMatrix {
				req := route.request(t, env, manager)
				before := env.state(t)
				resp := env.send(t, route.method, req.path, req.body, func(r *http.Request) {
					if token != "" {
						r.Header.Set("Authorization", "Bearer "+token)
					}
				})
				resp.wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
				env.wantUnchanged(t, before, route.key()+" with "+name)
			}
		})
	}
}
