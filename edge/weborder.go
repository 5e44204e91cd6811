package edge

import (
	"context"
	"time"
)

// WebUser is who acts on a web order at the pizzeria when central's
// commands move it: the customer through the website, or head office's
// routing. Its name is what the order's history shows; its role is the
// front desk's, whose transitions (accept, cancel) it makes.
var WebUser = &User{Username: "site-web", Role: RoleOrderTaker}

// WebOrderSettings is the manager's switch for web orders: while it is
// closed, every web order central places here is refused as closed, and
// central offers it to the next pizzeria.
type WebOrderSettings struct {
	Open      bool       `json:"open"`
	UpdatedBy string     `json:"updated_by,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// WebOrderService reads and sets whether the pizzeria takes web orders.
type WebOrderService interface {
	// FindWebOrderSettings returns the switch as it stands.
	FindWebOrderSettings(ctx context.Context) (*WebOrderSettings, error)

	// SetWebOrdersOpen opens or closes the pizzeria to web orders. Orders
	// already accepted are not touched.
	SetWebOrdersOpen(ctx context.Context, actor *User, open bool) (*WebOrderSettings, error)
}
