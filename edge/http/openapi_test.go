package http_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"gopkg.in/yaml.v3"

	"github.com/ocpizza/ocpizza/edge"
	edgehttp "github.com/ocpizza/ocpizza/edge/http"
)

// routerRoutes walks the server's chi router and returns its routes as
// "METHOD /path" in OpenAPI form.
func routerRoutes(tb testing.TB) map[string]bool {
	tb.Helper()
	srv := edgehttp.NewServer(edgehttp.Config{
		Pizzeria: testPizzeria,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Ping:     func(context.Context) error { return nil },
	}, edgehttp.Services{})

	// chi writes a parameter with a pattern as {id:[0-9]+}; OpenAPI as {id}.
	param := regexp.MustCompile(`\{([^}:]+):[^}]*\}`)
	byPath := map[string][]string{}
	walk := func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = param.ReplaceAllString(strings.TrimSuffix(route, "/*"), "{$1}")
		byPath[route] = append(byPath[route], method)
		return nil
	}
	err := chi.Walk(srv.Router(), walk)
	if err != nil {
		tb.Fatalf("walk routes: %v", err)
	}

	// A handler mounted with Handle answers every method, and chi lists it
	// under each; such a route (/metrics) is documented as its GET.
	routes := map[string]bool{}
	for path, methods := range byPath {
		if len(methods) >= len(everyChiMethod) && allIn(everyChiMethod, methods) {
			methods = []string{"GET"}
		}
		for _, m := range methods {
			routes[m+" "+path] = true
		}
	}
	return routes
}

// everyChiMethod are the methods chi registers for a route of any method.
var everyChiMethod = []string{
	"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE",
}

func allIn(want, got []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	routes := routerRoutes(t)
	documented := map[string]bool{}
	for _, op := range doc.operations() {
		documented[op.Key()] = true
	}

	for route := range routes {
		if !documented[route] {
			t.Errorf("route %s is served but not in openapi.yaml", route)
		}
	}
	for route := range documented {
		if !routes[route] {
			t.Errorf("openapi.yaml describes %s, which the router does not serve", route)
		}
	}
	if len(routes) < 20 {
		t.Errorf("walked only %d routes: %v", len(routes), routes)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)

	t.Run("version", func(t *testing.T) {
		if v := doc.root["openapi"]; v != "3.0.3" {
			t.Errorf("openapi = %v, want 3.0.3", v)
		}
	})

	t.Run("every reference resolves", func(t *testing.T) {
		var walk func(v any, at string)
		walk = func(v any, at string) {
			switch v := v.(type) {
			case map[string]any:
				if ref, ok := v["$ref"].(string); ok {
					if _, ok := doc.lookup(ref); !ok {
						t.Errorf("%s: $ref %s does not resolve", at, ref)
					}
				}
				for k, child := range v {
					walk(child, at+"/"+k)
				}
			case []any:
				for i, child := range v {
					walk(child, fmt.Sprintf("%s/%d", at, i))
				}
			}
		}
		walk(doc.root, "#")
	})

	t.Run("error codes are those of the domain", func(t *testing.T) {
		errSchema := doc.resolve(map[string]any{"$ref": "#/components/schemas/Error"})
		inner := mapOf(mapOf(errSchema["properties"])["error"])
		var codes []string
		for _, c := range mapOf(mapOf(inner["properties"])["code"])["enum"].([]any) {
			codes = append(codes, c.(string))
		}
		want := []string{edge.EBADREQUEST, edge.EINVALID, edge.EUNAUTHORIZED, edge.EFORBIDDEN,
			edge.ENOTFOUND, edge.EMETHOD, edge.ECONFLICT, edge.ETOOLARGE, edge.EMEDIATYPE, edge.ERATELIMIT,
			edge.EINTERNAL}
		slices.Sort(codes)
		slices.Sort(want)
		if !slices.Equal(codes, want) {
			t.Errorf("error codes %v, want %v", codes, want)
		}
	})

	t.Run("every operation has an id, a summary and responses", func(t *testing.T) {
		ids := map[string]string{}
		for _, op := range doc.operations() {
			id, _ := op.Spec["operationId"].(string)
			if prev, ok := ids[id]; id == "" || ok {
				t.Errorf("%s: operationId %q missing or also used by %s", op.Key(), id, prev)
			}
			ids[id] = op.Key()
			if s, _ := op.Spec["summary"].(string); s == "" {
				t.Errorf("%s: no summary", op.Key())
			}
			if len(mapOf(op.Spec["responses"])) == 0 {
				t.Errorf("%s: no responses", op.Key())
			}
		}
	})

	t.Run("operations with a body document 413 and 415", func(t *testing.T) {
		for _, op := range doc.operations() {
			responses := mapOf(op.Spec["responses"])
			_, has413 := responses["413"]
			_, has415 := responses["415"]
			if body := op.Spec["requestBody"] != nil; body != has413 || body != has415 {
				t.Errorf("%s: request body %v, but 413 %v and 415 %v", op.Key(), body, has413, has415)
			}
		}
	})

	t.Run("error responses use the error schema", func(t *testing.T) {
		for _, op := range doc.operations() {
			for status, spec := range mapOf(op.Spec["responses"]) {
				if status < "400" || op.Path == "/readyz" {
					continue
				}
				schema := mapOf(mapOf(mapOf(doc.resolve(spec)["content"])["application/json"])["schema"])
				if schema["$ref"] != "#/components/schemas/Error" {
					t.Errorf("%s %s: schema %v, want the Error schema", op.Key(), status, schema)
				}
			}
		}
	})
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
	schemes := mapOf(mapOf(doc.root["components"])["securitySchemes"])
	bearer := mapOf(schemes["bearerAuth"])
	if bearer["type"] != "http" || bearer["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v, want an http bearer scheme", bearer)
	}
	cookie := mapOf(schemes["sessionCookie"])
	if cookie["type"] != "apiKey" || cookie["in"] != "cookie" || cookie["name"] != edgehttp.SessionCookie {
		t.Errorf("sessionCookie = %v, want an apiKey in the %s cookie", cookie, edgehttp.SessionCookie)
	}

	for _, op := range doc.operations() {
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
			for name := range mapOf(req) {
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
			if _, ok := mapOf(op.Spec["responses"])[status]; !ok {
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
	for _, op := range doc.operations() {
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
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		t.Errorf("Content-Type %q, want application/yaml", ct)
	}
	onDisk, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(resp.Body, onDisk) {
		t.Error("the served document differs from openapi.yaml")
	}
	var parsed map[string]any
	if err := yaml.Unmarshal(resp.Body, &parsed); err != nil || parsed["paths"] == nil {
		t.Errorf("served document does not parse as OpenAPI: %v", err)
	}
}
