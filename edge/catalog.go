package edge

import (
	"context"
	"math"

	"github.com/ocpizza/ocpizza/syncproto"
)

// Unit is how an ingredient is counted. Quantities are whole numbers of it.
type Unit string

// The units of stock.
const (
	UnitGram  Unit = "g"
	UnitMilli Unit = "ml"
	UnitPiece Unit = "piece"
)

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool {
	return u == UnitGram || u == UnitMilli || u == UnitPiece
}

// Ingredient is something the pizzeria keeps in stock. OnHand is the sum of
// its stock movements and never goes below zero.
type Ingredient struct {
	ID           string `json:"ingredient_id"`
	Name         string `json:"name"`
	Unit         Unit   `json:"unit"`
	OnHand       int64  `json:"on_hand"`
	LowThreshold int64  `json:"low_threshold"`
	Low          bool   `json:"low"`
}

// RecipeItem is the quantity of one ingredient that one unit of a product
// uses. A drink's recipe is itself: one piece.
type RecipeItem struct {
	IngredientID string `json:"ingredient_id"`
	Name         string `json:"name"`
	Unit         Unit   `json:"unit"`
	Quantity     int64  `json:"quantity"`
}

// Product is something on the menu. Available is the pizzeria's own switch;
// Makeable is how many can be made from the stock on hand now.
type Product struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Category    string       `json:"category"`
	Description string       `json:"description,omitempty"`
	PriceCents  int64        `json:"price_cents"`
	Available   bool         `json:"available"`
	Makeable    int64        `json:"makeable"`
	Recipe      []RecipeItem `json:"recipe,omitempty"`
}

// Orderable reports whether at least one unit of p can be sold now.
func (p *Product) Orderable() bool {
	return p.Available && p.Makeable > 0
}

// Makeable returns how many units a recipe allows from the stock on hand:
// over its ingredients, the least of floor(on hand / quantity per unit). An
// empty recipe makes nothing, so a product never looks unlimited by mistake.
func Makeable(recipe []RecipeItem, onHand map[string]int64) int64 {
	if len(recipe) == 0 {
		return 0
	}
	least := int64(math.MaxInt64)
	for _, item := range recipe {
		if item.Quantity <= 0 {
			return 0
		}
		least = min(least, onHand[item.IngredientID]/item.Quantity)
	}
	return least
}

// CatalogService reads and changes the pizzeria's copy of the catalog.
type CatalogService interface {
	// FindProducts returns every active product in menu order, with its
	// recipe and makeable count.
	FindProducts(ctx context.Context) ([]*Product, error)

	// FindProductByID returns one product, or ENOTFOUND.
	FindProductByID(ctx context.Context, id string) (*Product, error)

	// SetProductAvailability flips the pizzeria's local switch of a
	// product. Returns ENOTFOUND for an unknown product.
	SetProductAvailability(ctx context.Context, actor *User, id string, available bool) (*Product, error)

	// ImportCatalog applies a catalog document atomically, keeping stock
	// and local availability. Returns EINVALID for an invalid document and
	// ECONFLICT for a version older than the one applied.
	ImportCatalog(ctx context.Context, c *syncproto.Catalog) error
}
