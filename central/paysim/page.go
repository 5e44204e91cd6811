package paysim

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

//go:embed templates/pay.html assets/pay.css
var files embed.FS

// maxFormBody bounds the payment form.
const maxFormBody = 8 << 10

// pageData is what the hosted page shows.
type pageData struct {
	View    string // form, auth, closed or missing
	Payment central.Payment
	Amount  string
	Number  string // typed again into the form after an error; never the CVC
	Expiry  string
	Errors  map[string]string // field → sentence
	Closed  string            // what a finished payment says
	Back    string            // the return URL, for finished payments
	Cards   []TestCard
}

func parsePages() (*template.Template, error) {
	funcs := template.FuncMap{
		"msg": func(key central.MessageKey, args ...any) string { return central.Message(key, args...) },
	}
	t, err := template.New("pay.html").Funcs(funcs).ParseFS(files, "templates/pay.html")
	if err != nil {
		return nil, fmt.Errorf("parse pages: %w", err)
	}
	return t, nil
}

// handlePage shows the page of an intent in the view its status calls
// for: the card form, the 3-D Secure step, or the outcome.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.store.find(r.PathValue("id"))
	if !ok {
		s.missing(w, r)
		return
	}
	s.render(w, http.StatusOK, s.viewOf(p))
}

// missing answers for an intent that does not exist.
func (s *Server) missing(w http.ResponseWriter, r *http.Request) {
	d := &pageData{View: "missing", Payment: central.Payment{ID: r.PathValue("id")}}
	s.render(w, http.StatusNotFound, d)
}

// viewOf returns the page data of an intent as it stands.
func (s *Server) viewOf(p central.Payment) *pageData {
	d := &pageData{Payment: p, Amount: euros(p.AmountCents), Cards: TestCards}
	switch p.Status {
	case central.PaymentCreated:
		d.View = "form"
	case central.PaymentRequiresAction:
		d.View = "auth"
	case central.PaymentSucceeded:
		d.View, d.Closed = "closed", central.Message(central.LabelPaySucceeded)
	case central.PaymentRefunded:
		d.View, d.Closed = "closed", central.Message(central.LabelPayRefunded)
	default:
		d.View, d.Closed = "closed", central.Message(central.LabelPayFailed, failureSentence(p.FailureReason))
	}
	d.Back = returnURL(p)
	return d
}

// render writes a page with headers that keep it to itself: no script,
// no frame, styles from this origin only.
func (s *Server) render(w http.ResponseWriter, status int, d *pageData) {
	var buf bytes.Buffer
	if err := s.pages.Execute(&buf, d); err != nil {
		s.log.Error("render page", "error", err)
		http.Error(w, central.Message(central.MsgInternal), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy",
		"default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// handleCSS serves the page's style sheet, embedded in the binary.
func (s *Server) handleCSS(w http.ResponseWriter, r *http.Request) {
	css, err := files.ReadFile("assets/pay.css")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(css)
}

// returnURL is where the customer goes back to, with the intent's id and
// status added to the query.
func returnURL(p central.Payment) string {
	u, err := url.Parse(p.ReturnURL)
	if err != nil {
		return p.ReturnURL // validated at creation: cannot happen
	}
	q := u.Query()
	q.Set("payment_id", p.ID)
	q.Set("status", string(p.Status))
	u.RawQuery = q.Encode()
	return u.String()
}

// failureSentence says why a payment failed, in the customer's words.
func failureSentence(reason string) string {
	key := map[string]central.MessageKey{
		central.PaymentInsufficientFunds:    central.MsgInsufficientFunds,
		central.PaymentAuthenticationFailed: central.MsgAuthenticationFailed,
		central.PaymentCanceled:             central.MsgPaymentCanceled,
	}[reason]
	if key == "" {
		key = central.MsgCardDeclined
	}
	return central.Message(key)
}

// euros formats cents the French way: "1 234,50 €", with no-break spaces.
func euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	units := fmt.Sprint(cents / 100)
	var b strings.Builder
	for i, c := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	return fmt.Sprintf("%s%s,%02d\u00a0€", sign, b.String(), cents%100)
}
