package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

//go:embed templates/*.html
var templateFS embed.FS

// templates holds one template set per page, each made of the layout and
// the page's own file; fragments are named templates of a page's file.
type templates struct {
	sets map[string]*template.Template
}

// mustParseTemplates parses every page with the layout and the functions
// of funcs. A template that does not parse is a bug of this package.
func mustParseTemplates(now func() time.Time) *templates {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	t := &templates{sets: map[string]*template.Template{}}
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		set := template.New(name).Funcs(funcs(now))
		t.sets[name] = template.Must(set.ParseFS(templateFS, "templates/layout.html", path))
	}
	return t
}

// layoutView is what every page gives the layout: who is logged in, the
// navigation of their role, the link status line, and the page's own data.
type layoutView struct {
	Title string
	Page  string
	User  *edge.User
	Nav   []page
	Link  *edge.SyncStatus
	Live  bool
	Data  any
}

// render writes a whole page with the layout. It renders into a buffer
// first, so that a template failure becomes an error page rather than
// half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, data any) {
	view := layoutView{Title: edge.Label(titleKey), Page: name, Data: data}
	if u := userFrom(r.Context()); u != nil {
		view.User, view.Nav = u, pagesOf(u.Role)
		view.Link = s.linkStatus(r.Context())
	}
	view.Live = name == "board" || name == "kitchen" || name == "dispatch"
	s.execute(w, status, name, "layout", view)
}

// renderFragment writes one named part of a page, for the live screens
// that refresh it in place.
func (s *Server) renderFragment(w http.ResponseWriter, name, fragment string, data any) {
	s.execute(w, http.StatusOK, name, fragment, data)
}

func (s *Server) execute(w http.ResponseWriter, status int, set, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.sets[set].ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("render page", "page", set, "template", name, "error", err)
		http.Error(w, edge.Message(edge.MsgInternal), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// funcs are the template functions: labels from the catalogue, and money,
// times and quantities written the French way.
func funcs(now func() time.Time) template.FuncMap {
	return template.FuncMap{
		"t":        edge.Label,
		"money":    formatMoney,
		"clock":    formatClock,
		"date":     formatDate,
		"span":     formatSpan,
		"ago":      func(t time.Time) string { return formatAge(now().Sub(t)) },
		"ageClass": func(t time.Time) string { return ageClass(now().Sub(t)) },
		"ageLate":  func(t time.Time) bool { return now().Sub(t) >= lateAfter },
		"status":   edge.StatusLabel,
		"unit":     edge.UnitLabel,
		"mul":      func(a, b int64) int64 { return a * b },
		"add":      func(a, b int) int { return a + b },
		"asset":    assetPath,
		"signed":   func(n int64) string { return fmt.Sprintf("%+d", n) },
		"labelOf":  func(prefix string, v any) string { return edge.Label(fmt.Sprintf("%s.%v", prefix, v)) },
	}
}
