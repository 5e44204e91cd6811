package edge

import (
	"fmt"
	"slices"
	"testing"
)

// machineEdge is one arrow of the status machine of SPEC §3, written here
// independently of status.go so that a change to either one shows.
type machineEdge struct {
	from, to Status
	only     Fulfilment // "" when the arrow exists for both fulfilments
	roles    []Role
}

var specMachine = []machineEdge{
	{from: StatusPlaced, to: StatusAccepted, roles: []Role{RoleOrderTaker, RoleManager}},
	{from: StatusPlaced, to: StatusRejected, roles: []Role{RoleOrderTaker, RoleManager}},
	{from: StatusPlaced, to: StatusCancelled, roles: []Role{RoleOrderTaker, RoleManager}},
	{from: StatusAccepted, to: StatusPreparing, roles: []Role{RolePizzaiolo, RoleManager}},
	{from: StatusAccepted, to: StatusCancelled, roles: []Role{RoleOrderTaker, RoleManager}},
	{from: StatusPreparing, to: StatusReady, roles: []Role{RolePizzaiolo, RoleManager}},
	{from: StatusReady, to: StatusOutForDelivery, only: FulfilmentDelivery,
		roles: []Role{RoleDriver, RoleManager}},
	{from: StatusReady, to: StatusPickedUp, only: FulfilmentPickup,
		roles: []Role{RoleOrderTaker, RoleManager}},
	{from: StatusOutForDelivery, to: StatusDelivered, roles: []Role{RoleDriver, RoleManager}},
}

// expectedTransition returns the error code CheckTransition must give
// according to specMachine.
func expectedTransition(role Role, f Fulfilment, from, to Status) string {
	if !slices.Contains(Statuses, to) {
		return EINVALID
	}
	for _, e := range specMachine {
		if e.from != from || e.to != to || (e.only != "" && e.only != f) {
			continue
		}
		if slices.Contains(e.roles, role) {
			return ""
		}
		return EFORBIDDEN
	}
	return ECONFLICT
}

func TestCheckTransition(t *testing.T) {
	// Every role, plus one nobody knows; every status, plus unknown ones.
	roles := append(slices.Clone(Roles), Role("intruder"), Role(""))
	froms := append(slices.Clone(Statuses), Status("baked"))
	tos := append(slices.Clone(Statuses), Status("baked"), Status(""))
	fulfilments := []Fulfilment{FulfilmentDelivery, FulfilmentPickup}

	allowed := 0
	for _, role := range roles {
		for _, f := range fulfilments {
			for _, from := range froms {
				for _, to := range tos {
					want := expectedTransition(role, f, from, to)
					err := CheckTransition(role, f, from, to)
					if got := ErrorCode(err); got != want {
						t.Errorf("CheckTransition(%q, %s, %s → %s) = %q (%v), want %q",
							role, f, from, to, got, err, want)
					}
					if want == "" {
						allowed++
					}
				}
			}
		}
	}

	// The table above allows 2 roles per arrow; 7 arrows exist for both
	// fulfilments and 2 for one only.
	if want := 2*7*2 + 2*2; allowed != want {
		t.Errorf("the expected table allows %d combinations, want %d", allowed, want)
	}
}

func TestCheckTransitionMessages(t *testing.T) {
	// A refusal names the statuses in French, never their ids.
	err := CheckTransition(RoleOrderTaker, FulfilmentDelivery, StatusPreparing, StatusCancelled)
	if got, want := ErrorMessage(err), "Impossible de passer une commande « en préparation » à « annulée »."; got != want {
		t.Errorf("conflict message = %q, want %q", got, want)
	}
	err = CheckTransition(RoleDriver, FulfilmentDelivery, StatusAccepted, StatusPreparing)
	if got, want := ErrorMessage(err), "Votre rôle ne permet pas de passer une commande à « en préparation »."; got != want {
		t.Errorf("forbidden message = %q, want %q", got, want)
	}
	err = CheckTransition(RoleManager, FulfilmentDelivery, StatusPlaced, "baked")
	if got := ErrorField(err); got != "to" {
		t.Errorf("unknown target field = %q, want to", got)
	}
}

func TestNextStatuses(t *testing.T) {
	// What screens offer is exactly what CheckTransition allows.
	for _, role := range Roles {
		for _, f := range []Fulfilment{FulfilmentDelivery, FulfilmentPickup} {
			for _, from := range Statuses {
				var want []Status
				for _, to := range Statuses {
					if expectedTransition(role, f, from, to) == "" {
						want = append(want, to)
					}
				}
				got := NextStatuses(role, f, from)
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("NextStatuses(%s, %s, %s) = %v, want %v", role, f, from, got, want)
				}
			}
		}
	}
}

func TestStatusPredicates(t *testing.T) {
	tests := []struct {
		status                             Status
		valid, open, modifiable, holdStock bool
	}{
		{StatusPlaced, true, true, true, false},
		{StatusAccepted, true, true, true, true},
		{StatusPreparing, true, true, false, false},
		{StatusReady, true, true, false, false},
		{StatusOutForDelivery, true, true, false, false},
		{StatusDelivered, true, false, false, false},
		{StatusPickedUp, true, false, false, false},
		{StatusRejected, true, false, false, false},
		{StatusCancelled, true, false, false, false},
		{"baked", false, false, false, false},
	}
	for _, tt := range tests {
		got := fmt.Sprint(tt.status.Valid(), tt.status.Open(), tt.status.Modifiable(), tt.status.HoldsStock())
		want := fmt.Sprint(tt.valid, tt.open, tt.modifiable, tt.holdStock)
		if got != want {
			t.Errorf("%s: valid, open, modifiable, holds stock = %s, want %s", tt.status, got, want)
		}
	}
}
