package central

import (
	"slices"
	"testing"

	"github.com/ocpizza/ocpizza/syncproto"
)

func TestCompareCatalogs(t *testing.T) {
	published := syncproto.DemoCatalog()
	published.Version = 3

	t.Run("the same, in another order", func(t *testing.T) {
		draft := syncproto.DemoCatalog()
		draft.Version = 4
		slices.Reverse(draft.Products)
		slices.Reverse(draft.Products[0].Recipe)
		slices.Reverse(draft.Ingredients)
		if c := CompareCatalogs(published, draft); c.Any() || c.Since != 3 {
			t.Errorf("changes %+v, want none since 3", c)
		}
	})

	t.Run("a price, a recipe, one added, one withdrawn", func(t *testing.T) {
		draft := syncproto.DemoCatalog()
		draft.Products[0].PriceCents += 100
		draft.Products[1].Recipe[0].Quantity++
		withdrawn := draft.Products[2].ID
		draft.Products = slices.Delete(draft.Products, 2, 3)
		draft.Products = append(draft.Products, syncproto.CatalogProduct{ID: "tartufo",
			Name: "Tartufo", Category: "pizza", PriceCents: 2200, Recipe: draft.Products[0].Recipe})
		draft.Ingredients[0].LowThreshold++

		c := CompareCatalogs(published, draft)
		if len(c.Products) != 4 || !c.Ingredients || c.Categories {
			t.Fatalf("changes %+v", c)
		}
		price, recipe, added, removed := c.Products[0], c.Products[1], c.Products[2], c.Products[3]
		if !price.PriceChanged() || price.Is.PriceCents != price.Was.PriceCents+100 {
			t.Errorf("price change %+v", price)
		}
		if price.OtherChanged() || !recipe.OtherChanged() || added.OtherChanged() {
			t.Errorf("other changes: price %v, recipe %v, added %v",
				price.OtherChanged(), recipe.OtherChanged(), added.OtherChanged())
		}
		if recipe.PriceChanged() || recipe.Was == nil || recipe.Is == nil {
			t.Errorf("recipe change %+v", recipe)
		}
		if added.Was != nil || added.Is.ID != "tartufo" || added.PriceChanged() {
			t.Errorf("addition %+v", added)
		}
		if removed.Is != nil || removed.Was.ID != withdrawn {
			t.Errorf("withdrawal %+v", removed)
		}
	})

	t.Run("nothing published", func(t *testing.T) {
		c := CompareCatalogs(nil, syncproto.DemoCatalog())
		if c.Since != 0 || len(c.Products) != len(published.Products) || !c.Categories {
			t.Errorf("changes %+v", c)
		}
	})
}
