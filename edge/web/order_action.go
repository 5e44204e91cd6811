package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/edge"
)

// backPaths are the pages a form may return to after an order action.
var backPaths = map[string]bool{"/orders": true, "/kitchen": true, "/dispatch": true}

// back returns the page the form came from, or the board.
func back(r *http.Request) string {
	if p := r.PostFormValue("back"); backPaths[p] {
		return p
	}
	return "/orders"
}

// handleTransition moves an order to the status of the button pressed. A
// refusal (another role's step, a status changed meanwhile) comes back as
// a sentence on the page the form came from.
func (s *Server) handleTransition(w http.ResponseWriter, r *http.Request) {
	req := edge.TransitionRequest{
		To: edge.Status(r.PostFormValue("to")), Reason: r.PostFormValue("reason"),
	}
	_, err := s.Orders.TransitionOrder(r.Context(), userFrom(r.Context()), chi.URLParam(r, "id"), req)
	s.afterAction(w, r, err)
}

// handlePayment records money taken at the counter for an order.
func (s *Server) handlePayment(w http.ResponseWriter, r *http.Request) {
	rec := edge.PaymentRecord{Method: edge.PaymentMethod(r.PostFormValue("method"))}
	user := userFrom(r.Context())
	if !user.Role.Can(edge.ActionRecordPayment) {
		s.renderError(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgForbidden))
		return
	}
	_, err := s.Orders.RecordPayment(r.Context(), user, chi.URLParam(r, "id"), rec)
	s.afterAction(w, r, err)
}

// afterAction goes back to the page of the form, with the sentence of a
// refusal. A forbidden action gets the 403 page: the buttons only offer
// what the role may do, so it was not pressed on one of our pages.
func (s *Server) afterAction(w http.ResponseWriter, r *http.Request, err error) {
	to := back(r)
	switch code := edge.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, to, http.StatusSeeOther)
	case code == edge.EFORBIDDEN || statusOf(code) == http.StatusInternalServerError:
		s.renderError(w, r, err)
	default:
		s.setFlash(w, s.userMessage(r, err))
		http.Redirect(w, r, to, http.StatusSeeOther)
	}
}
