package web

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// page is one screen of the staff app: its path, its name in the
// navigation, and the roles that may open it. The server refuses the
// others with a 403 page; the navigation shows each role only its pages.
type page struct {
	ID    string
	Path  string
	Label string // label key of its name
	Key   string // access key of its navigation link
	Roles []edge.Role
}

// The roles of the pizzeria's work stations.
var (
	frontDesk  = []edge.Role{edge.RoleOrderTaker, edge.RoleManager}
	kitchen    = []edge.Role{edge.RolePizzaiolo, edge.RoleManager}
	delivery   = []edge.Role{edge.RoleDriver, edge.RoleManager}
	overview   = []edge.Role{edge.RoleManager, edge.RoleHeadOffice}
	boardRoles = []edge.Role{edge.RoleOrderTaker, edge.RolePizzaiolo, edge.RoleDriver,
		edge.RoleManager, edge.RoleHeadOffice}
	linkView = []edge.Role{edge.RoleManager, edge.RoleHeadOffice, edge.RoleOps}
)

// pages lists every page in navigation order. Each page's roles are a
// subset of those owning the domain action it shows; a test checks it.
var pages = []page{
	{ID: "order", Path: "/order", Label: "nav.order", Key: "n", Roles: frontDesk},
	{ID: "board", Path: "/orders", Label: "nav.board", Key: "b", Roles: boardRoles},
	{ID: "kitchen", Path: "/kitchen", Label: "nav.kitchen", Key: "k", Roles: kitchen},
	{ID: "dispatch", Path: "/dispatch", Label: "nav.dispatch", Key: "l", Roles: delivery},
	{ID: "stock", Path: "/stock", Label: "nav.stock", Key: "s", Roles: overview},
	{ID: "today", Path: "/today", Label: "nav.today", Key: "j", Roles: overview},
	{ID: "link", Path: "/link", Label: "nav.link", Key: "x", Roles: linkView},
}

// pageAction is the domain action each page shows, which its roles must
// own.
var pageAction = map[string]edge.Action{
	"order": edge.ActionCreateOrder, "board": edge.ActionViewOrders,
	"kitchen": edge.ActionTransitionOrder, "dispatch": edge.ActionTransitionOrder,
	"stock": edge.ActionViewStock, "today": edge.ActionViewStock, "link": edge.ActionViewSync,
}

// pageByID returns the page of an id; ids are constants of this package.
func pageByID(id string) page {
	for _, p := range pages {
		if p.ID == id {
			return p
		}
	}
	panic("web: unknown page " + id)
}

// opens reports whether role may open the page.
func (p page) opens(role edge.Role) bool {
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// pagesOf returns the pages role may open, in navigation order.
func pagesOf(role edge.Role) []page {
	var mine []page
	for _, p := range pages {
		if p.opens(role) {
			mine = append(mine, p)
		}
	}
	return mine
}

// onlyFor refuses with the 403 page a user whose role may not open the
// page with this id; it is on every route of the page, fragments and
// forms included.
func (s *Server) onlyFor(id string) func(http.Handler) http.Handler {
	p := pageByID(id)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !p.opens(userFrom(r.Context()).Role) {
				s.renderError(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgPageForbidden))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// handleHome sends a user to the first page of their role.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	mine := pagesOf(userFrom(r.Context()).Role)
	if len(mine) == 0 {
		s.renderError(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgPageForbidden))
		return
	}
	http.Redirect(w, r, mine[0].Path, http.StatusSeeOther)
}
