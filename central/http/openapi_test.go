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

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// pageRoutes answer in HTML for browsers and are left out of the OpenAPI
// document, which describes the JSON API and the operations endpoints.
var pageRoutes = map[string]bool{
	"GET /":               true,
	"GET /login":          true,
	"POST /login":         true,
	"POST /logout":        true,
	"GET /console":        true,
	"GET /assets/{name}":  true,
	"GET /dashboard":      true,
	"GET /reports":        true,
	"GET /reports/export": true,

	// The live dashboard's feed: server-sent events of HTML.
	"GET /dashboard/events": true,

	// Head office's catalog pages and their forms.
	"GET /catalogue":                          true,
	"POST /catalogue/publier":                 true,
	"GET /catalogue/ajout/produit":            true,
	"POST /catalogue/ajout/produit":           true,
	"GET /catalogue/produits/{id}":            true,
	"POST /catalogue/produits/{id}":           true,
	"GET /catalogue/produits/{id}/supprimer":  true,
	"POST /catalogue/produits/{id}/supprimer": true,
	"GET /catalogue/ajout/ingredient":         true,
	"POST /catalogue/ajout/ingredient":        true,
	"GET /catalogue/ingredients/{id}":         true,
	"POST /catalogue/ingredients/{id}":        true,
	"GET /catalogue/ajout/categorie":          true,
	"POST /catalogue/ajout/categorie":         true,
	"GET /catalogue/categories/{id}":          true,
	"POST /catalogue/categories/{id}":         true,

	// The drivers' phone page, its forms and its feed.
	"GET /driver":                      true,
	"GET /driver/events":               true,
	"POST /driver/orders/{id}/take":    true,
	"POST /driver/orders/{id}/deliver": true,

	// The customer website.
	"GET /commander/{pizzeria}":                true,
	"POST /commander/{pizzeria}/panier":        true,
	"POST /commander/{pizzeria}/panier/vider":  true,
	"POST /commander/{pizzeria}/panier/{line}": true,
	"GET /inscription":                         true,
	"POST /inscription":                        true,
	"GET /connexion":                           true,
	"POST /connexion":                          true,
	"POST /deconnexion":                        true,
	"GET /compte":                              true,
	"POST /compte/adresses":                    true,
	"POST /compte/adresses/{id}/supprimer":     true,

	// Ordering on the website: checkout, the orders and their requests.
	"GET /commander/{pizzeria}/commande":  true,
	"POST /commander/{pizzeria}/commande": true,
	"GET /commandes":                      true,
	"GET /commandes/{id}":                 true,
	"GET /commandes/{id}/etat":            true,
	"POST /commandes/{id}/annuler":        true,
	"POST /commandes/{id}/recommander":    true,
	"GET /commandes/{id}/modifier":        true,
	"POST /commandes/{id}/modifier":       true,
}

// routerRoutes walks the server's chi router and returns its routes as
// "METHOD /path" in OpenAPI form.
func routerRoutes(tb testing.TB) map[string]bool {
	tb.Helper()
	srv := centralhttp.NewServer(centralhttp.Config{
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry:      prometheus.NewRegistry(),
		Ping:          func(context.Context) error { return nil },
		NATSConnected: func() bool { return true },
	}, centralhttp.Services{})

	// chi writes a parameter with a pattern as {id:[0-9]+}; OpenAPI as {id}.
	param := regexp.MustCompile(`\{([^}:]+):[^}]*\}`)
	byPath := map[string][]string{}
	walk := func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = param.ReplaceAllString(strings.TrimSuffix(route, "/*"), "{$1}")
		if route != "/" {
			route = strings.TrimSuffix(route, "/")
		}
		byPath[route] = append(byPath[route], method)
		return nil
	}
	if err := chi.Walk(srv.Router(), walk); err != nil {
		tb.Fatalf("walk routes: %v", err)
	}

	// A handler mounted with Method answers one method; one mounted with
	// Handle answers every method, and chi lists it under each: such a
	// route is documented as its GET.
	routes := map[string]bool{}
	for path, methods := range byPath {
		if len(methods) >= 9 {
			methods = []string{"GET"}
		}
		for _, m := range methods {
			routes[m+" "+path] = true
		}
	}
	return routes
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	routes := routerRoutes(t)
	documented := map[string]bool{}
	for _, op := range doc.operations() {
		documented[op.Key()] = true
	}

	for route := range routes {
		if !documented[route] && !pageRoutes[route] {
			t.Errorf("route %s is served but not in openapi.yaml", route)
		}
	}
	for route := range documented {
		if !routes[route] {
			t.Errorf("openapi.yaml describes %s, which the router does not serve", route)
		}
		if pageRoutes[route] {
			t.Errorf("openapi.yaml describes the page %s", route)
		}
	}
	for route := range pageRoutes {
		if !routes[route] {
			t.Errorf("page %s is listed in this test but not served", route)
		}
	}
	if len(documented) < 8 {
		t.Errorf("the document has only %d operations: %v", len(documented), documented)
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

	t.Run("error codes are those of the service", func(t *testing.T) {
		errSchema := doc.resolve(map[string]any{"$ref": "#/components/schemas/Error"})
		inner := mapOf(mapOf(errSchema["properties"])["error"])
		var codes []string
		for _, c := range mapOf(mapOf(inner["properties"])["code"])["enum"].([]any) {
			codes = append(codes, c.(string))
		}
		want := []string{central.EBADREQUEST, central.EINVALID, central.EUNAUTHORIZED,
			central.EFORBIDDEN, central.ENOTFOUND, central.ECONFLICT, central.EINTERNAL,
			centralhttp.EMETHOD, centralhttp.ETOOLARGE, centralhttp.EMEDIATYPE, centralhttp.ERATELIMIT}
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

	t.Run("the branch schema has the fields of SPEC §6", func(t *testing.T) {
		branch := doc.resolve(map[string]any{"$ref": "#/components/schemas/Branch"})
		props := mapOf(branch["properties"])
		for _, f := range []string{"id", "name", "online", "last_seen_at", "epoch", "last_seq",
			"backlog", "lag_seconds", "gaps", "dead_letters"} {
			if _, ok := props[f]; !ok {
				t.Errorf("Branch has no %s", f)
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
	"POST /api/v1/customers":   true,

	// The payment provider's webhook: signed, not a session.
	"POST /api/v1/payments/webhook": true,

	"GET /api/v1/pizzerias":           true,
	"GET /api/v1/pizzerias/{id}/menu": true,
}

// customerOnly tells the operations that need a customer session
// (x-customer: true), which the staff checks below leave to
// TestOpenAPICustomerRoutes.
func customerOnly(op operation) bool { return op.Spec["x-customer"] == true }

func TestOpenAPISecurity(t *testing.T) {
	doc := loadOpenAPI(t)
	schemes := mapOf(mapOf(doc.root["components"])["securitySchemes"])
	cookie := mapOf(schemes["sessionCookie"])
	if cookie["type"] != "apiKey" || cookie["in"] != "cookie" || cookie["name"] != centralhttp.SessionCookie {
		t.Errorf("sessionCookie = %v, want an apiKey in the %s cookie", cookie, centralhttp.SessionCookie)
	}

	for _, op := range doc.operations() {
		security, declared := op.Spec["security"].([]any)
		_, hasRoles := op.Spec["x-roles"]
		if publicOperations[op.Key()] {
			if !declared || len(security) != 0 || hasRoles {
				t.Errorf("%s is public: want security: [] and no x-roles", op.Key())
			}
			continue
		}
		if customerOnly(op) {
			continue
		}
		var names []string
		for _, req := range security {
			for name := range mapOf(req) {
				names = append(names, name)
			}
		}
		if !slices.Contains(names, "bearerAuth") || !slices.Contains(names, "sessionCookie") {
			t.Errorf("%s: security %v, want bearerAuth or sessionCookie", op.Key(), security)
		}
		for _, status := range []string{"401", "403"} {
			if _, ok := mapOf(op.Spec["responses"])[status]; !ok {
				t.Errorf("%s: needs a session but does not document %s", op.Key(), status)
			}
		}
	}
}

// TestOpenAPIRoles checks that the x-roles of each operation that needs a
// session are exactly the roles the live server lets through.
func TestOpenAPIRoles(t *testing.T) {
	env := newEnv(t)
	for _, op := range loadOpenAPI(t).operations() {
		if publicOperations[op.Key()] || customerOnly(op) {
			continue
		}
		var documented []central.Role
		for _, r := range op.Spec["x-roles"].([]any) {
			documented = append(documented, central.Role(fmt.Sprint(r)))
		}
		var allowed []central.Role
		for _, role := range allRoles {
			token := env.login(t, string(role)) // a DELETE ends the session it is sent with
			if status := env.statusOf(t, token, op.Method, op.Path); status != http.StatusForbidden {
				allowed = append(allowed, role)
			}
		}
		slices.Sort(documented)
		slices.Sort(allowed)
		if !slices.Equal(documented, allowed) {
			t.Errorf("%s: x-roles %v, but the server allows %v", op.Key(), documented, allowed)
		}
	}
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
