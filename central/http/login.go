package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

// loginView is the data of the log-in page.
type loginView struct {
	Username string
	Error    string
}

// handleLoginPage shows the log-in form.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login.html", loginView{})
}

// handleLoginForm logs a staff member in from the form, with the same
// checks and limits as the API, and sends them to the console, or a
// driver to the drivers' page. A refusal shows the form again with the
// reason and its status.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	// The form; the body is already bounded.
	if !s.parseForm(w, r, s.errorPage) {
		return
	}
	username := r.PostForm.Get("username")

	// The session, or the form again with the reason.
	token, session, err := s.logIn(r, username, r.PostForm.Get("password"))
	if err != nil {
		status, body := s.userError(r, err)
		s.render(w, r, status, "login.html", loginView{Username: username, Error: body.Error.Message})
		return
	}
	s.setSessionCookie(w, r, token)
	landing := "/console"
	if session.User.Role == central.RoleDriver {
		landing = "/driver" // a driver's page is their phone's
	}
	http.Redirect(w, r, landing, http.StatusSeeOther)
}

// handleLogout ends the browser's session, if it has one, and shows the
// log-in form.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if token := sessiontoken.FromRequest(r, SessionCookie); token != "" {
		if err := s.Accounts.DeleteSession(r.Context(), sessiontoken.Hash(token)); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	clearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
