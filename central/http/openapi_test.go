package http_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/syncproto/openapitest"
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

// routerRoutes returns the routes of the server's router as
// "METHOD /path" in OpenAPI form.
func routerRoutes(tb testing.TB) map[string]bool {
	tb.Helper()
	srv := centralhttp.NewServer(centralhttp.Config{
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry:      prometheus.NewRegistry(),
		Ping:          func(context.Context) error { return nil },
		NATSConnected: func() bool { return true },
	}, centralhttp.Services{})
	return openapitest.RouterRoutes(tb, srv.Router())
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	doc.CheckRoutes(t, routerRoutes(t), pageRoutes)
	if n := len(doc.Operations()); n < 8 {
		t.Errorf("the document has only %d operations", n)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	doc.CheckDocument(t, []string{central.EBADREQUEST, central.EINVALID, central.EUNAUTHORIZED,
		central.EFORBIDDEN, central.ENOTFOUND, central.ECONFLICT, central.EINTERNAL,
		centralhttp.EMETHOD, centralhttp.ETOOLARGE, centralhttp.EMEDIATYPE, centralhttp.ERATELIMIT})

	t.Run("the branch schema has the fields of SPEC §6", func(t *testing.T) {
		branch := doc.Resolve(map[string]any{"$ref": "#/components/schemas/Branch"})
		props := openapitest.MapOf(branch["properties"])
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
func customerOnly(op openapitest.Operation) bool { return op.Spec["x-customer"] == true }

func TestOpenAPISecurity(t *testing.T) {
	doc := loadOpenAPI(t)
	schemes := openapitest.MapOf(openapitest.MapOf(doc.Root["components"])["securitySchemes"])
	cookie := openapitest.MapOf(schemes["sessionCookie"])
	if cookie["type"] != "apiKey" || cookie["in"] != "cookie" || cookie["name"] != centralhttp.SessionCookie {
		t.Errorf("sessionCookie = %v, want an apiKey in the %s cookie", cookie, centralhttp.SessionCookie)
	}

	for _, op := range doc.Operations() {
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
			for name := range openapitest.MapOf(req) {
				names = append(names, name)
			}
		}
		if !slices.Contains(names, "bearerAuth") || !slices.Contains(names, "sessionCookie") {
			t.Errorf("%s: security %v, want bearerAuth or sessionCookie", op.Key(), security)
		}
		for _, status := range []string{"401", "403"} {
			if _, ok := openapitest.MapOf(op.Spec["responses"])[status]; !ok {
				t.Errorf("%s: needs a session but does not document %s", op.Key(), status)
			}
		}
	}
}

// TestOpenAPIRoles checks that the x-roles of each operation that needs a
// session are exactly the roles the live server lets through.
func TestOpenAPIRoles(t *testing.T) {
	env := newEnv(t)
	for _, op := range loadOpenAPI(t).Operations() {
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
	openapitest.CheckServed(t, resp.Header, resp.Body, "openapi.yaml")
}
