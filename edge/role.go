package edge

// Role is what a staff member does; it decides which actions they may take.
type Role string

// The staff roles of SPEC §5. Their ids are a fixed interface.
const (
	RoleOrderTaker Role = "order_taker"
	RolePizzaiolo  Role = "pizzaiolo"
	RoleDriver     Role = "driver"
	RoleManager    Role = "manager"
	RoleHeadOffice Role = "head_office"
	RoleOps        Role = "ops"
)

// Roles lists every role, in the order screens show them.
var Roles = []Role{RoleOrderTaker, RolePizzaiolo, RoleDriver, RoleManager, RoleHeadOffice, RoleOps}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// AllPizzerias reports whether the role's scope is every pizzeria rather
// than one.
func (r Role) AllPizzerias() bool {
	return r == RoleHeadOffice || r == RoleOps
}

// Action is something a caller asks the pizzeria to do or show. Each one is
// owned by a set of roles; the http package checks the caller's role
// against this table on every route.
type Action string

// The actions of the edge.
const (
	ActionViewMenu        Action = "menu.view"
	ActionSetAvailability Action = "menu.set_availability"
	ActionViewOrders      Action = "orders.view"
	ActionCreateOrder     Action = "orders.create"
	ActionModifyOrder     Action = "orders.modify"
	ActionTransitionOrder Action = "orders.transition"
	ActionRecordPayment   Action = "orders.record_payment"
	ActionFindCustomers   Action = "customers.find"
	ActionViewStock       Action = "stock.view"
	ActionMoveStock       Action = "stock.move"
	ActionViewStaff       Action = "staff.view"
	ActionViewSync        Action = "sync.view"
	ActionSetWebOrders    Action = "web_orders.set"
)

// Everyone who works in the pizzeria, or oversees it.
var (
	allRoles  = Roles
	frontDesk = []Role{RoleOrderTaker, RoleManager}
)

// permissions says which roles own each action. Order transitions are
// further restricted per transition by the status machine (status.go).
var permissions = map[Action][]Role{
	ActionViewMenu:        allRoles,
	ActionSetAvailability: {RoleManager},
	ActionViewOrders:      {RoleOrderTaker, RolePizzaiolo, RoleDriver, RoleManager, RoleHeadOffice},
	ActionCreateOrder:     frontDesk,
	ActionModifyOrder:     frontDesk,
	ActionTransitionOrder: {RoleOrderTaker, RolePizzaiolo, RoleDriver, RoleManager},
	ActionRecordPayment:   {RoleOrderTaker, RoleDriver, RoleManager},
	ActionFindCustomers:   frontDesk,
	ActionViewStock:       {RoleManager, RoleHeadOffice},
	ActionMoveStock:       {RoleManager},
	ActionViewStaff:       {RoleManager, RoleHeadOffice},
	ActionViewSync:        {RoleManager, RoleHeadOffice, RoleOps},
	ActionSetWebOrders:    {RoleManager},
}

// Can reports whether role r may take action a.
func (r Role) Can(a Action) bool {
	for _, owner := range permissions[a] {
		if r == owner {
			return true
		}
	}
	return false
}
