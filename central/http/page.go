package http

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris, whatever the host has installed

	"github.com/ocpizza/ocpizza/central"
)

// paris is the time zone every time is shown in.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

//go:embed templates/*.html
var templateFiles embed.FS

// pages are the HTML templates, which take their words from the message
// catalogue through t: {{t "console_title"}}.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"t":          func(key string, args ...any) string { return central.Message(central.MessageKey(key), args...) },
	"staffLinks": staffLinks,
}).ParseFS(templateFiles, "templates/*.html"))

// pageSecurity is the policy of every page: scripts, styles and requests
// only from central itself, no framing, forms posted only to central.
const pageSecurity = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// render writes a page with a status. The page is built before anything is
// written, so that a template fault is a clean 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "error", err)
		http.Error(w, central.Message(central.MsgInternal), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", pageSecurity)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the data of the error page.
type errorView struct {
	Title   string
	Message string
	User    *central.User // set when a logged-in user may log out from the page
}

// errorPage writes err as an HTML page with its status and French message.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.userError(r, err)
	title := central.Message(central.LabelErrorTitle)
	if status == http.StatusForbidden {
		title = central.Message(central.LabelForbiddenTitle)
	}
	s.render(w, r, status, "error.html", errorView{
		Title:   title,
		Message: body.Error.Message,
		User:    userFrom(r.Context()),
	})
}

// forbiddenPage tells a logged-in user that the page is not for their role.
func (s *Server) forbiddenPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "error.html", errorView{
		Title:   central.Message(central.LabelForbiddenTitle),
		Message: central.Message(central.LabelConsoleRoles),
		User:    userFrom(r.Context()),
	})
}

// isAPI reports whether a request is for the JSON API, which answers
// errors in JSON rather than as pages.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" ||
		r.URL.Path == "/readyz" || r.URL.Path == "/metrics"
}

// parisTime formats a time as it reads on a wall in Paris.
func parisTime(t time.Time) string {
	return t.In(paris).Format("02/01/2006 15:04:05")
}
