package http

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// driverRoles may use the drivers' page and API; central.DriverScope
// checks the same and gives the caller's pizzeria.
var driverRoles = []central.Role{central.RoleDriver, central.RoleManager}

// driverRecent is how far back the page lists the requests made.
const driverRecent = 3 * time.Hour

// driverView is the data of the drivers' page and of its live part.
type driverView struct {
	User     *central.User
	Pizzeria string
	Ready    []*driverCard
	Out      []*driverCard
	Requests []*driverRequestLine
	Error    string
}

// driverCard is one order as the page shows it.
type driverCard struct {
	*central.DeliveryOrder
	Waited    int          // minutes since it became ready
	Total     string       // in euros
	Phone     string       // as read aloud: 06 12 34 56 78
	Call      template.URL // tel: link, empty when the number is not dialable
	State     string       // central.RequestPending, RequestRefused or RequestSettled
	Mine      bool         // the latest request is the viewer's
	CanTake   bool
	CanFinish bool
}

// driverRequestLine is one recent request and its answer.
type driverRequestLine struct {
	*central.DriverRequest
	At string // Paris time, hours and minutes
}

// handleDriverPage shows the drivers' page of the caller's pizzeria;
// ?fragment=1 answers its live part alone, for the script's polling.
func (s *Server) handleDriverPage(w http.ResponseWriter, r *http.Request) {
	view, err := s.driverView(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	name := "driver.html"
	if r.URL.Query().Get("fragment") == "1" {
		name = "driver_list"
	}
	s.render(w, r, http.StatusOK, name, view)
}

// handleDriverTake and handleDriverDeliver take the forms of the page:
// on success back to the page (which shows the request waiting for the
// pizzeria), otherwise the page again with the reason and its status.
func (s *Server) handleDriverTake(w http.ResponseWriter, r *http.Request) {
	s.driverForm(w, r, central.DriverTake)
}

func (s *Server) handleDriverDeliver(w http.ResponseWriter, r *http.Request) {
	s.driverForm(w, r, central.DriverDeliver)
}

func (s *Server) driverForm(w http.ResponseWriter, r *http.Request, to string) {
	if !s.parseForm(w, r, s.errorPage) {
		return
	}
	update := &central.DriverUpdate{OrderID: chi.URLParam(r, "id"), To: to,
		Collected: r.PostForm.Get("collected")}
	if _, err := s.requestDriverUpdate(r, update); err != nil {
		s.driverPageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/driver", http.StatusSeeOther)
}

// driverPageError shows the page again with an error above the list.
// Errors without a user-safe message (internal ones, a role refused) get
// the error page.
func (s *Server) driverPageError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.userError(r, err)
	if status >= http.StatusInternalServerError || status == http.StatusForbidden {
		s.errorPage(w, r, err)
		return
	}
	view, verr := s.driverView(r)
	if verr != nil {
		s.errorPage(w, r, verr)
		return
	}
	view.Error = body.Error.Message
	s.render(w, r, status, "driver.html", view)
}

// requestDriverUpdate asks the service for an update of the caller and,
// when it made a new command, wakes the down publisher and the drivers'
// live pages.
func (s *Server) requestDriverUpdate(r *http.Request, update *central.DriverUpdate) (
	*driverRequestResult, error) {
	req, created, err := s.Drivers.RequestDriverUpdate(r.Context(), userFrom(r.Context()), update)
	if err != nil {
		return nil, err
	}
	if created {
		if s.CommandsQueued != nil {
			s.CommandsQueued()
		}
		s.drivers.changed()
	}
	return &driverRequestResult{Request: req, Created: created}, nil
}

// driverRequestResult is a request made, or found already made.
type driverRequestResult struct {
	Request *central.DriverRequest `json:"request"`
	Created bool                   `json:"created"`
}

// driverView reads the page of the caller: every ready delivery of their
// pizzeria, those out for delivery (a driver's own; all for a manager),
// and the requests made recently (a driver's own; all for a manager).
func (s *Server) driverView(r *http.Request) (*driverView, error) {
	u := userFrom(r.Context())
	pizzeria, err := central.DriverScope(u)
	if err != nil {
		return nil, err
	}
	mine := ""
	if u.Role == central.RoleDriver {
		mine = u.Username
	}
	orders, err := s.Drivers.FindDeliveries(r.Context(),
		central.DeliveryFilter{Pizzeria: pizzeria, Driver: mine})
	if err != nil {
		return nil, err
	}
	requests, err := s.Drivers.FindDriverRequests(r.Context(), pizzeria, mine,
		time.Now().Add(-driverRecent))
	if err != nil {
		return nil, err
	}

	view := &driverView{User: u, Pizzeria: pizzeria}
	now := time.Now()
	for _, o := range orders {
		card := newDriverCard(o, u, now)
		if o.Status == central.DriverTake {
			view.Out = append(view.Out, card)
		} else {
			view.Ready = append(view.Ready, card)
		}
	}
	for _, req := range requests {
		view.Requests = append(view.Requests,
			&driverRequestLine{DriverRequest: req, At: req.RequestedAt.In(paris).Format("15:04")})
	}
	return view, nil
}

// newDriverCard prepares an order for the page as u sees it at now.
func newDriverCard(o *central.DeliveryOrder, u *central.User, now time.Time) *driverCard {
	c := &driverCard{DeliveryOrder: o, Total: euros(o.TotalCents), State: o.RequestState()}
	if waited := now.Sub(o.ReadyAt); waited > 0 {
		c.Waited = int(waited / time.Minute)
	}
	c.Phone, c.Call = phoneLink(o.CustomerPhone)
	c.Mine = o.Request != nil && o.Request.Driver == u.Username
	c.CanTake = o.Status == "ready" && c.State != central.RequestPending
	c.CanFinish = o.Status == central.DriverTake && c.State != central.RequestPending
	return c
}

// phoneLink returns a phone number grouped by twos when it is a French
// ten-digit number, and its tel: link when it holds only digits, spaces,
// dots and a leading +; other text gets no link.
func phoneLink(phone string) (string, template.URL) {
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, phone)
	for i, r := range digits {
		if (r < '0' || r > '9') && !(r == '+' && i == 0) {
			return phone, ""
		}
	}
	if digits == "" {
		return phone, ""
	}
	shown := phone
	if len(digits) == 10 && !strings.HasPrefix(digits, "+") {
		shown = strings.Join([]string{digits[0:2], digits[2:4], digits[4:6], digits[6:8], digits[8:10]}, " ")
	}
	// Only digits and a leading + reach the link: safe as a URL.
	return shown, template.URL("tel:" + digits)
}
