package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// internalError answers a request whose handler panicked: the generic
// sentence, never the panic.
func internalError(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusInternalServerError,
		errorBody(central.EINTERNAL, central.Message(central.MsgInternal), ""))
}

// crossOrigin refuses, with a 403, a browser request that changes state and
// comes from another site: the standard library reads Sec-Fetch-Site, or
// compares Origin with Host when a browser leaves Sec-Fetch-Site out.
// Requests with neither header, from programs, pass. It guards every
// route, pages and API alike.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	protection := http.NewCrossOriginProtection()
	protection.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Behind a proxy that rewrites Host, every browser write ends here:
		// the operator needs to see it.
		s.log.Warn("cross-origin request refused",
			"method", r.Method,
			"path", r.URL.Path,
			"host", r.Host,
			"origin", r.Header.Get("Origin"),
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		err := central.Errorm(central.EFORBIDDEN, central.MsgCrossOrigin)
		if isAPI(r) {
			s.Error(w, r, err)
			return
		}
		s.errorPage(w, r, err)
	}))
	return protection.Handler(next)
}
