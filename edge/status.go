package edge

// Status is where an order stands in the status machine of SPEC §3.
type Status string

// The order statuses.
const (
	StatusPlaced         Status = "placed"
	StatusAccepted       Status = "accepted"
	StatusRejected       Status = "rejected"
	StatusPreparing      Status = "preparing"
	StatusReady          Status = "ready"
	StatusOutForDelivery Status = "out_for_delivery"
	StatusDelivered      Status = "delivered"
	StatusPickedUp       Status = "picked_up"
	StatusCancelled      Status = "cancelled"
)

// Statuses lists every status in the order an order goes through them.
var Statuses = []Status{
	StatusPlaced, StatusAccepted, StatusPreparing, StatusReady, StatusOutForDelivery,
	StatusDelivered, StatusPickedUp, StatusRejected, StatusCancelled,
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, known := range Statuses {
		if s == known {
			return true
		}
	}
	return false
}

// Open reports whether an order in status s still needs work.
func (s Status) Open() bool {
	switch s {
	case StatusRejected, StatusDelivered, StatusPickedUp, StatusCancelled:
		return false
	}
	return s.Valid()
}

// Refunds reports whether reaching status s gives a paid order's money
// back: it was refused or cancelled.
func (s Status) Refunds() bool {
	return s == StatusRejected || s == StatusCancelled
}

// Modifiable reports whether the lines and address of an order in status s
// may still change: only before its preparation starts.
func (s Status) Modifiable() bool {
	return s == StatusPlaced || s == StatusAccepted
}

// HoldsStock reports whether an order in status s has taken its
// ingredients from stock and would give them back if cancelled.
func (s Status) HoldsStock() bool {
	return s == StatusAccepted
}

// transition is one edge of the status machine and the roles that own it.
type transition struct {
	from, to Status
	roles    []Role
	only     Fulfilment // when set, the transition exists only for this fulfilment
}

// transitions is the status machine. Orders taken by staff start as
// accepted; web orders arrive as placed.
var transitions = []transition{
	{from: StatusPlaced, to: StatusAccepted, roles: frontDesk},
	{from: StatusPlaced, to: StatusRejected, roles: frontDesk},
	{from: StatusPlaced, to: StatusCancelled, roles: frontDesk},
	{from: StatusAccepted, to: StatusPreparing, roles: []Role{RolePizzaiolo, RoleManager}},
	{from: StatusAccepted, to: StatusCancelled, roles: frontDesk},
	{from: StatusPreparing, to: StatusReady, roles: []Role{RolePizzaiolo, RoleManager}},
	{from: StatusReady, to: StatusOutForDelivery, only: FulfilmentDelivery,
		roles: []Role{RoleDriver, RoleManager}},
	{from: StatusReady, to: StatusPickedUp, only: FulfilmentPickup, roles: frontDesk},
	{from: StatusOutForDelivery, to: StatusDelivered, roles: []Role{RoleDriver, RoleManager}},
}

// CheckTransition says whether role may move an order of the given
// fulfilment from one status to another. It returns EINVALID for an
// unknown target, ECONFLICT when the machine has no such edge from the
// current status, and EFORBIDDEN when the edge exists but another role owns
// it.
func CheckTransition(role Role, fulfilment Fulfilment, from, to Status) error {
	if !to.Valid() {
		return Invalid("to", MsgUnknownStatus, to)
	}
	for _, t := range transitions {
		if t.from != from || t.to != to || (t.only != "" && t.only != fulfilment) {
			continue
		}
		for _, r := range t.roles {
			if r == role {
				return nil
			}
		}
		return Errorf(EFORBIDDEN, MsgTransitionForbidden, StatusLabel(to))
	}
	return Errorf(ECONFLICT, MsgTransitionRefused, StatusLabel(from), StatusLabel(to))
}

// NextStatuses returns the statuses role may move an order to from its
// current status, for screens to offer only what will be accepted.
func NextStatuses(role Role, fulfilment Fulfilment, from Status) []Status {
	var next []Status
	for _, t := range transitions {
		if CheckTransition(role, fulfilment, from, t.to) == nil && t.from == from {
			next = append(next, t.to)
		}
	}
	return next
}
