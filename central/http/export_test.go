package http

import (
	"context"
	"time"

	"github.com/ocpizza/ocpizza/syncproto"
)

// SetFeedHeartbeat shortens the heartbeat of the live feeds of s, so that
// a test sees a session end without waiting 15 seconds.
func SetFeedHeartbeat(s *Server, d time.Duration) { s.feedHeartbeat = d }

// SetReportCatalog sets the catalog the live view reads stock alerts
// against, as serve does with the latest published one.
func SetReportCatalog(s *Server, f func(context.Context) (*syncproto.Catalog, error)) {
	s.reportCatalog = f
}

// SetPublicURL sets the website's public origin, as serve does.
func SetPublicURL(s *Server, origin string) { s.publicURL = origin }
