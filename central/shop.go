package central

import (
	"context"
	"time"
)

// ShopPizzeria is a pizzeria as the customer website lists it: where it
// delivers, and whether it is online, so that a customer knows whether its
// menu is up to date.
type ShopPizzeria struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Postcodes  []string   `json:"postcodes"`
	Online     bool       `json:"online"`
	LastSeenAt *time.Time `json:"last_seen_at"`
}

// Serves reports whether the pizzeria delivers to a postcode.
func (p *ShopPizzeria) Serves(postcode string) bool {
	for _, pc := range p.Postcodes {
		if pc == postcode {
			return true
		}
	}
	return false
}

// MenuCategory is a heading of the menu, in the catalog's order.
type MenuCategory struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// MenuItem is one product on a pizzeria's menu. Available is the
// pizzeria's own switch; Makeable is how many its stock allowed, as it
// last reported it: over the recipe, the least of floor(on hand /
// quantity per unit).
type MenuItem struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Category    string `json:"category"`
	Description string `json:"description,omitempty"`
	PriceCents  int64  `json:"price_cents"`
	Available   bool   `json:"available"`
	Makeable    int64  `json:"makeable"`
}

// Orderable reports whether a customer may put the product in a cart.
func (m *MenuItem) Orderable() bool { return m.Available && m.Makeable > 0 }

// Menu is what one pizzeria sells now. The products are those of the
// latest catalog version head office published: a pizzeria applies its
// commands in order, so anything a customer orders from this menu reaches
// the pizzeria after that version. The figures (availability and makeable
// counts) are those the pizzeria last sent up: Current is false when it is
// offline, and FiguresAt is when central last heard from it (nil when
// never).
type Menu struct {
	Pizzeria       ShopPizzeria   `json:"pizzeria"`
	CatalogVersion int64          `json:"catalog_version"`
	Current        bool           `json:"current"`
	FiguresAt      *time.Time     `json:"figures_at"`
	Categories     []MenuCategory `json:"categories"`
	Products       []MenuItem     `json:"products"`
}

// Product returns the menu's product of an id, or nil.
func (m *Menu) Product(id string) *MenuItem {
	for i := range m.Products {
		if m.Products[i].ID == id {
			return &m.Products[i]
		}
	}
	return nil
}

// ValidatePostcode checks a postcode a customer typed, after trimming
// spaces: five digits, not starting with 00 (no French postcode does).
func ValidatePostcode(field, postcode string) error {
	if postcode == "" {
		return Invalid(field, MsgRequired)
	}
	if len(postcode) != 5 || postcode[:2] == "00" {
		return Invalid(field, MsgBadCustomerPostcode)
	}
	for _, c := range []byte(postcode) {
		if c < '0' || c > '9' {
			return Invalid(field, MsgBadCustomerPostcode)
		}
	}
	return nil
}

// ShopService is what the customer website reads: the pizzerias, which
// deliver where, and their menus.
type ShopService interface {
	// FindShopPizzerias returns every pizzeria by id, with its online
	// state.
	FindShopPizzerias(ctx context.Context) ([]*ShopPizzeria, error)

	// FindPizzeriasServing returns the pizzerias that deliver to a
	// postcode, by id: the order in which an address's orders are
	// offered to them. Returns EINVALID for a postcode that is not one,
	// and ENOTFOUND, with a sentence for the customer, when none
	// delivers there.
	FindPizzeriasServing(ctx context.Context, postcode string) ([]*ShopPizzeria, error)

	// FindMenu returns a pizzeria's menu. Returns ENOTFOUND for an
	// unknown pizzeria.
	FindMenu(ctx context.Context, pizzeriaID string) (*Menu, error)
}
