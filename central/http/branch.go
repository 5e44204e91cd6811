package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// handleBranchList returns the sync state of every pizzeria, read fresh
// from the database (SPEC §6).
func (s *Server) handleBranchList(w http.ResponseWriter, r *http.Request) {
	branches, err := s.Sync.FindBranches(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if branches == nil {
		branches = []*central.Branch{}
	}
	writeJSON(w, http.StatusOK, branches)
}
