package web

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// webSwitch is the web orders switch as the board shows it: open or
// closed, and whether the viewer may flip it.
type webSwitch struct {
	Open      bool
	CanSwitch bool
}

// webSwitch reads the switch for the board, nil when the pages run
// without web orders.
func (s *Server) webSwitch(r *http.Request) (*webSwitch, error) {
	if s.WebOrders == nil {
		return nil, nil
	}
	settings, err := s.WebOrders.FindWebOrderSettings(r.Context())
	if err != nil {
		return nil, err
	}
	role := userFrom(r.Context()).Role
	return &webSwitch{Open: settings.Open, CanSwitch: role.Can(edge.ActionSetWebOrders)}, nil
}

// handleWebOrdersSwitch opens or closes the pizzeria to web orders, for
// the manager, and goes back to the board.
func (s *Server) handleWebOrdersSwitch(w http.ResponseWriter, r *http.Request) {
	user := userFrom(r.Context())
	if !user.Role.Can(edge.ActionSetWebOrders) || s.WebOrders == nil {
		s.renderError(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgForbidden))
		return
	}
	var open bool
	switch r.PostFormValue("open") {
	case "1":
		open = true
	case "0":
	default:
		s.renderError(w, r, edge.Invalid("open", edge.MsgRequired))
		return
	}
	_, err := s.WebOrders.SetWebOrdersOpen(r.Context(), user, open)
	s.afterAction(w, r, err)
}
