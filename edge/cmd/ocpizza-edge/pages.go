package main

import (
	"log/slog"
	"net/http"
	"strings"

	edgehttp "github.com/ocpizza/ocpizza/edge/http"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/edge/web"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// newPages returns the staff pages of the pizzeria, on the same database
// and link as the API.
func newPages(store *sqlite.DB, log *slog.Logger, online func() bool, secureCookie bool,
	requests *httpserve.Requests) *web.Server {
	return web.NewServer(web.Config{
		Pizzeria: store.Pizzeria, Logger: log, Online: online, SecureCookie: secureCookie,
		Requests: requests,
	}, web.Services{
		Catalog: store, Stock: store, Inventory: store, Orders: store, Customers: store,
		Users: store, Sync: store, Reports: store, Changes: store, WebOrders: store,
	})
}

// mountPages serves the API where it has always been (/api/v1, /healthz,
// /readyz, /metrics) and the staff pages everywhere else.
func mountPages(api *edgehttp.Server, pages *web.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/api/"), p == "/healthz", p == "/readyz", p == "/metrics":
			api.ServeHTTP(w, r)
		default:
			pages.ServeHTTP(w, r)
		}
	})
}
