package http

import (
	"net/http"
	"strings"
)

// checkoutSecurity gives the checkout page the policy of every page but
// one word: its form may lead the browser on to the payment page. The
// form posts to central, whose answer to an online order is a 303 to the
// provider's page, and browsers hold that redirect to the form-action of
// the page that posted. Only the payment page's origin is added, the one
// central is configured with; without one the page keeps 'self' alone,
// and central sends no browser to a payment page (checkPaymentPage).
func checkoutSecurity(w http.ResponseWriter, paymentOrigin string) http.ResponseWriter {
	if paymentOrigin == "" {
		return w
	}
	policy := strings.Replace(pageSecurity, "form-action 'self'",
		"form-action 'self' "+paymentOrigin, 1)
	return &policyWriter{ResponseWriter: w, policy: policy}
}

// policyWriter sets its Content-Security-Policy in place of the one the
// page set, as the headers go out.
type policyWriter struct {
	http.ResponseWriter
	policy string
}

func (w *policyWriter) WriteHeader(status int) {
	w.Header().Set("Content-Security-Policy", w.policy)
	w.ResponseWriter.WriteHeader(status)
}
