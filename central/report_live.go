package central

import (
	"slices"

	"github.com/ocpizza/ocpizza/syncproto"
)

// ApplyCatalog fills the stock alerts of the live view from a catalog:
// the ingredients at or below their low-stock threshold, and the
// products that can no longer be made, because the pizzeria marked them
// unavailable or because an ingredient of their recipe is short of one
// portion. A pizzeria central has no stock movement of yet has no
// alerts: its stock is unknown, not empty.
func (b *LiveBranch) ApplyCatalog(c *syncproto.Catalog) {
	b.LowStock, b.Unmakeable = []StockAlert{}, []string{}
	if c == nil || len(b.Stock) == 0 {
		return
	}
	onHand := make(map[string]int64, len(b.Stock))
	for _, s := range b.Stock {
		onHand[s.IngredientID] = s.OnHand
	}

	// Ingredients at or below their threshold.
	for _, ing := range c.Ingredients {
		if n := onHand[ing.ID]; n <= ing.LowThreshold {
			b.LowStock = append(b.LowStock, StockAlert{IngredientID: ing.ID, Name: ing.Name,
				Unit: ing.Unit, OnHand: n, LowThreshold: ing.LowThreshold})
		}
	}

	// Products marked unavailable or short of an ingredient.
	for _, p := range c.Products {
		if slices.Contains(b.Unavailable, p.ID) || !makeable(p, onHand) {
			b.Unmakeable = append(b.Unmakeable, p.ID)
		}
	}
}

// makeable reports whether one unit of p can be made from onHand.
func makeable(p syncproto.CatalogProduct, onHand map[string]int64) bool {
	for _, item := range p.Recipe {
		if onHand[item.IngredientID] < item.Quantity {
			return false
		}
	}
	return true
}
