package paysim

import (
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// handlePay takes the card form: POST /pay/{id}. A form with mistakes is
// shown again with each one explained; a valid card moves the intent to
// the outcome of its number, and the customer goes back to the merchant
// (or on to the 3-D Secure step).
func (s *Server) handlePay(w http.ResponseWriter, r *http.Request) {
	// Parse: the intent, then the three fields.
	p, ok := s.store.find(r.PathValue("id"))
	if !ok {
		s.missing(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		s.render(w, http.StatusBadRequest, s.viewOf(p))
		return
	}
	number, expiry := r.PostFormValue("number"), r.PostFormValue("expiry")
	c, errs := parseCard(number, expiry, r.PostFormValue("cvc"), s.cfg.Now())
	if len(errs) > 0 && p.Status == central.PaymentCreated {
		d := s.viewOf(p)
		d.Number, d.Expiry, d.Errors = number, expiry, map[string]string{}
		for field, key := range errs {
			d.Errors[field] = central.Message(key)
		}
		s.render(w, http.StatusUnprocessableEntity, d)
		return
	}

	// Charge: only an intent still waiting for a card moves.
	status, reason := outcome(c.number)
	s.move(w, r, []central.PaymentStatus{central.PaymentCreated}, status, reason)
}

// handleAuthenticate takes the 3-D Secure answer: POST /pay/{id}/authenticate
// with decision=approve or decision=decline.
func (s *Server) handleAuthenticate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	status, reason := central.PaymentFailed, central.PaymentAuthenticationFailed
	if r.PostFormValue("decision") == "approve" {
		status, reason = central.PaymentSucceeded, ""
	}
	s.move(w, r, []central.PaymentStatus{central.PaymentRequiresAction}, status, reason)
}

// handleCancel lets the customer give up: POST /pay/{id}/cancel.
func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	s.move(w, r, []central.PaymentStatus{central.PaymentCreated, central.PaymentRequiresAction},
		central.PaymentFailed, central.PaymentCanceled)
}

// move changes an intent's status from one of from, sends the webhook of
// a final status, and redirects: to the intent's page while it waits for
// the customer, to the merchant once it is decided. An intent already
// decided (a second tab, a double click) is left as it is.
func (s *Server) move(w http.ResponseWriter, r *http.Request, from []central.PaymentStatus,
	to central.PaymentStatus, reason string) {
	p, moved, err := s.store.transition(r.PathValue("id"), from, to, reason)
	if err != nil {
		s.missing(w, r)
		return
	}
	if moved {
		s.log.Info("payment "+string(p.Status), "payment_id", p.ID, "reason", p.FailureReason)
		if !p.Status.Payable() {
			s.notifier.notify(p)
		}
	}
	if p.Status.Payable() {
		http.Redirect(w, r, "/pay/"+p.ID, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, returnURL(p), http.StatusSeeOther)
}
