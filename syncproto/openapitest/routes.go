package openapitest

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// chiParam matches a chi parameter with a pattern, {id:[0-9]+}, which
// OpenAPI writes {id}.
var chiParam = regexp.MustCompile(`\{([^}:]+):[^}]*\}`)

// everyChiMethod are the methods chi registers for a route of any method.
var everyChiMethod = []string{
	"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE",
}

// RouterRoutes walks a chi router and returns its routes as
// "METHOD /path" in OpenAPI form. A handler mounted with Handle answers
// every method, and chi lists it under each: such a route (/metrics) is
// given as its GET.
func RouterRoutes(tb testing.TB, router chi.Routes) map[string]bool {
	tb.Helper()
	byPath := map[string][]string{}
	walk := func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = chiParam.ReplaceAllString(strings.TrimSuffix(route, "/*"), "{$1}")
		if route != "/" {
			route = strings.TrimSuffix(route, "/")
		}
		byPath[route] = append(byPath[route], method)
		return nil
	}
	if err := chi.Walk(router, walk); err != nil {
		tb.Fatalf("walk routes: %v", err)
	}

	routes := map[string]bool{}
	for path, methods := range byPath {
		if everyMethod(methods) {
			methods = []string{"GET"}
		}
		for _, m := range methods {
			routes[m+" "+path] = true
		}
	}
	return routes
}

func everyMethod(methods []string) bool {
	for _, m := range everyChiMethod {
		if !slices.Contains(methods, m) {
			return false
		}
	}
	return true
}

// CheckRoutes wants the routes a router serves to be exactly the
// document's operations and the pages, routes that answer in HTML and
// that the document leaves out.
func (d *Doc) CheckRoutes(t *testing.T, served, pages map[string]bool) {
	t.Helper()
	documented := map[string]bool{}
	for _, op := range d.Operations() {
		documented[op.Key()] = true
	}
	for route := range served {
		if !documented[route] && !pages[route] {
			t.Errorf("route %s is served but not in openapi.yaml", route)
		}
	}
	for route := range documented {
		if !served[route] {
			t.Errorf("openapi.yaml describes %s, which the router does not serve", route)
		}
		if pages[route] {
			t.Errorf("openapi.yaml describes the page %s", route)
		}
	}
	for route := range pages {
		if !served[route] {
			t.Errorf("page %s is listed as a page but not served", route)
		}
	}
}
