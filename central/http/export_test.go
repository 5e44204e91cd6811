package http

import "time"

// SetFeedHeartbeat shortens the heartbeat of the live feeds of s, so that
// a test sees a session end without waiting 15 seconds.
func SetFeedHeartbeat(s *Server, d time.Duration) { s.feedHeartbeat = d }
