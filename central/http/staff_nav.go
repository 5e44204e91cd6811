package http

import (
	"slices"

	"github.com/ocpizza/ocpizza/central"
)

// staffLink is a staff page in the navigation of the staff pages.
type staffLink struct {
	ID, Path, Label string
	roles           []central.Role
}

// staffPages are the staff pages, each with the roles its route allows,
// in the order the navigation shows them.
var staffPages = []staffLink{
	{ID: "lien-tableau", Path: "/dashboard", Label: central.Message(central.LabelDashboardTitle), roles: reportRoles},
	{ID: "lien-rapports", Path: "/reports", Label: central.Message(central.LabelReportTitle), roles: reportRoles},
	{ID: "lien-catalogue", Path: "/catalogue", Label: central.Message(central.LabelCatalogTitle), roles: catalogRoles},
	{ID: "lien-console", Path: "/console", Label: central.Message(central.LabelConsoleTitle), roles: syncRoles},
	{ID: "lien-livreurs", Path: "/driver", Label: central.Message(central.LabelDriverTitle), roles: driverRoles},
}

// staffLinks returns the staff pages a role may open, for the navigation.
func staffLinks(role central.Role) []staffLink {
	var links []staffLink
	for _, p := range staffPages {
		if slices.Contains(p.roles, role) {
			links = append(links, p)
		}
	}
	return links
}
