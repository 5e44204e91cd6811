package http

import (
	"slices"
	"testing"

	"github.com/ocpizza/ocpizza/central"
)

// TestStaffLinks: each role is shown the staff pages its routes let it
// open, and no other.
func TestStaffLinks(t *testing.T) {
	for role, want := range map[central.Role][]string{
		central.RoleHeadOffice: {"/dashboard", "/reports", "/catalogue", "/console"},
		central.RoleOps:        {"/console"},
		central.RoleManager:    {"/dashboard", "/reports", "/driver"},
		central.RoleDriver:     {"/driver"},
		central.RolePizzaiolo:  nil,
	} {
		var got []string
		for _, l := range staffLinks(role) {
			got = append(got, l.Path)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: links %v, want %v", role, got, want)
		}
	}
}
