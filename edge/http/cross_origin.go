package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// crossOrigin refuses, with our 403 forbidden error, a browser request
// that changes state and comes from another site: the standard library
// reads Sec-Fetch-Site, or compares Origin with Host when a browser on the
// pizzeria's plain-HTTP network leaves Sec-Fetch-Site out. Requests without
// either header, from the tills' own clients, pass.
func (s *Server) crossOrigin() func(http.Handler) http.Handler {
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
		s.Error(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgCrossOrigin))
	}))
	return protection.Handler
}
