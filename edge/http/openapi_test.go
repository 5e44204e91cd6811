package http_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
	edgehttp "github.com/ocpizza/ocpizza/edge/http"
	"github.com/ocpizza/ocpizza/syncproto/openapitest"
)

// routerRoutes returns the routes of the server's router as
// "METHOD /path" in OpenAPI form.
func routerRoutes(tb testing.TB) map[string]bool {
	tb.Helper()
	srv := edgehttp.NewServer(edgehttp.Config{
		Pizzeria: testPizzeria,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Ping:     func(context.Context) error { return nil },
	}, edgehttp.Services{})
	return openapitest.RouterRoutes(tb, srv.Router())
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	routes := routerRoutes(t)
	loadOpenAPI(t).CheckRoutes(t, routes, nil)
	if len(routes) < 20 {
		t.Errorf("walked only %d routes: %v", len(routes), routes)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	loadOpenAPI(t).CheckDocument(t, []string{edge.EBADREQUEST, edge.EINVALID, edge.EUNAUTHORIZED,
		edge.EFORBIDDEN, edge.ENOTFOUND, edge.EMETHOD, edge.ECONFLICT, edge.ETOOLARGE,
		edge.EMEDIATYPE, edge.ERATELIMIT, edge.EINTERNAL})
}

// publicOperations need no session.
var publicOperations = map[string]bool{
	"GET /healthz":             true,
	"GET /readyz":              true,
	"GET /metrics":             true,
	"GET /api/v1/openapi.yaml": true,
	"POST /api/v1/sessions":    true,
}

func TestOpenAPISecurity(t *testing.T) {
	doc := loadOpenAPI(t)
	schemes := openapitest.MapOf(openapitest.MapOf(doc.Root["components"])["securitySchemes"])
	bearer := openapitest.MapOf(schemes["bearerAuth"])
	if bearer["type"] != "http" || bearer["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v, want an http bearer scheme", bearer)
	}
	cookie := openapitest.MapOf(schemes["sessionCookie"])
	if cookie["type"] != "apiKey" || cookie["in"] != "cookie" || cookie["name"] != edgehttp.SessionCookie {
		t.Errorf("sessionCookie = %v, want an apiKey in the %s cookie", cookie, edgehttp.SessionCookie)
	}

	for _, op := range doc.Operations() {
		security, declared := op.Spec["security"].([]any)
		roles, hasRoles := op.Spec["x-roles"]
		if publicOperations[op.Key()] {
			if !declared || len(security) != 0 || hasRoles {
				t.Errorf("%s is public: want security: [] and no x-roles", op.Key())
			}
			continue
		}
		if !strings.HasPrefix(op.Path, "/api/v1/") {
			t.Errorf("%s: only /api/v1 routes may need a session", op.Key())
		}

		// A session, as a bearer token or the cookie.
		var names []string
		for _, req := range security {
			for name := range openapitest.MapOf(req) {
				names = append(names, name)
				if _, ok := schemes[name]; !ok {
					t.Errorf("%s: security scheme %s is not defined", op.Key(), name)
				}
			}
		}
		if !slices.Contains(names, "bearerAuth") || !slices.Contains(names, "sessionCookie") {
			t.Errorf("%s: security %v, want bearerAuth or sessionCookie", op.Key(), security)
		}

		// Roles, known and listed once, and the answers of a refusal.
		list, _ := roles.([]any)
		if len(list) == 0 {
			t.Errorf("%s: no x-roles", op.Key())
		}
		seen := map[edge.Role]bool{}
		for _, r := range list {
			role := edge.Role(fmt.Sprint(r))
			if !role.Valid() || seen[role] {
				t.Errorf("%s: x-roles has unknown or repeated role %q", op.Key(), role)
			}
			seen[role] = true
		}
		for _, status := range []string{"401", "403"} {
			if _, ok := openapitest.MapOf(op.Spec["responses"])[status]; !ok {
				t.Errorf("%s: needs a session but does not document %s", op.Key(), status)
			}
		}
	}
}

// TestOpenAPIRoles checks that the x-roles of each operation are exactly
// the roles the live server lets through, as the role matrix finds them.
func TestOpenAPIRoles(t *testing.T) {
	env := newEnv(t)
	live := runRoleMatrix(t, env)

	doc := loadOpenAPI(t)
	for _, op := range doc.Operations() {
		if publicOperations[op.Key()] {
			continue
		}
		allowed, ok := live[op.Key()]
		if !ok {
			t.Errorf("%s: not covered by the role matrix", op.Key())
			continue
		}
		var documented []edge.Role
		for _, r := range op.Spec["x-roles"].([]any) {
			documented = append(documented, edge.Role(fmt.Sprint(r)))
		}
		if !sameRoles(documented, allowed) {
			t.Errorf("%s: x-roles %v, but the server allows %v", op.Key(), documented, allowed)
		}
	}
}

func sameRoles(a, b []edge.Role) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestOpenAPIServed(t *testing.T) {
	env := newEnv(t)
	resp := env.do(t, "", "GET", "/api/v1/openapi.yaml", nil)
	resp.wantStatus(t, http.StatusOK)
	openapitest.CheckServed(t, resp.Header, resp.Body, "openapi.yaml")
}
