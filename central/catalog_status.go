package central

import (
	"slices"
	"time"

	"github.com/ocpizza/ocpizza/syncproto"
)

// CatalogAnswer is where one pizzeria stands with a published catalog
// version: the catalog.version command that carries it, if any, and the
// pizzeria's answer to it.
type CatalogAnswer struct {
	Pizzeria     string
	PizzeriaName string
	Position     int64      // 0 when no command carries the version
	PublishedAt  *time.Time // when JetStream took the command; nil while waiting
	Answer       string     // "", AnswerAccepted or AnswerRefused
	AnswerCode   string
	AnswerReason string
	AnsweredAt   *time.Time
}

// Sent reports whether a command carries the version to the pizzeria. A
// pizzeria opened after the version was published has none.
func (a *CatalogAnswer) Sent() bool { return a.Position > 0 }

// CatalogChanges is how the catalog being edited differs from the newest
// published version.
type CatalogChanges struct {
	Since       int64           // the version compared with; 0 when none
	Products    []ProductChange // in the order of the catalog being edited, then those withdrawn
	Categories  bool            // a category was added, renamed or removed
	Ingredients bool            // an ingredient was added, changed or removed
}

// Any reports whether the catalog being edited differs at all.
func (c *CatalogChanges) Any() bool {
	return len(c.Products) > 0 || c.Categories || c.Ingredients
}

// ProductChange is one product that differs: Was is nil for a product
// added, Is nil for one withdrawn.
type ProductChange struct {
	Was, Is *syncproto.CatalogProduct
}

// PriceChanged reports whether a product kept in the catalog has a new
// price.
func (p ProductChange) PriceChanged() bool {
	return p.Was != nil && p.Is != nil && p.Was.PriceCents != p.Is.PriceCents
}

// OtherChanged reports whether a product kept in the catalog changed in
// anything but its price: name, category, description or recipe.
func (p ProductChange) OtherChanged() bool {
	if p.Was == nil || p.Is == nil {
		return false
	}
	was := *p.Was
	was.PriceCents = p.Is.PriceCents
	return !sameProduct(&was, p.Is)
}

// CompareCatalogs returns how draft differs from published, entry by
// entry; the order of entries and the version numbers are not compared.
// A nil published catalog makes every product an addition.
func CompareCatalogs(published, draft *syncproto.Catalog) *CatalogChanges {
	if published == nil {
		published = &syncproto.Catalog{}
	}
	c := &CatalogChanges{Since: published.Version}

	// Products of the draft, new or changed, then those withdrawn.
	was := map[string]*syncproto.CatalogProduct{}
	for i := range published.Products {
		was[published.Products[i].ID] = &published.Products[i]
	}
	kept := map[string]bool{}
	for i := range draft.Products {
		p := &draft.Products[i]
		kept[p.ID] = true
		if old := was[p.ID]; old == nil || !sameProduct(old, p) {
			c.Products = append(c.Products, ProductChange{Was: old, Is: p})
		}
	}
	for i := range published.Products {
		if p := &published.Products[i]; !kept[p.ID] {
			c.Products = append(c.Products, ProductChange{Was: p})
		}
	}

	// Categories and ingredients, as sets.
	c.Categories = !sameSet(published.Categories, draft.Categories)
	c.Ingredients = !sameSet(published.Ingredients, draft.Ingredients)
	return c
}

// sameProduct compares two products field by field, their recipes in any
// order.
func sameProduct(a, b *syncproto.CatalogProduct) bool {
	if a.Name != b.Name || a.Category != b.Category || a.Description != b.Description ||
		a.PriceCents != b.PriceCents || len(a.Recipe) != len(b.Recipe) {
		return false
	}
	for _, item := range a.Recipe {
		if !slices.Contains(b.Recipe, item) {
			return false
		}
	}
	return true
}

// sameSet reports whether two lists hold the same entries, in any order.
func sameSet[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
