package syncproto

import (
	"fmt"
	"io"
	"regexp"

	"github.com/ocpizza/ocpizza/syncproto/strictjson"
)

// Catalog is the catalog document: what head office sells and how each
// product is made. Central pushes it down to every pizzeria as numbered
// versions; `ocpizza-edge catalog import` reads the same document.
type Catalog struct {
	Version     int64               `json:"version"`
	Categories  []CatalogCategory   `json:"categories"`
	Ingredients []CatalogIngredient `json:"ingredients"`
	Products    []CatalogProduct    `json:"products"`
}

// CatalogCategory groups products on the menu, in the order given.
type CatalogCategory struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// CatalogIngredient is an ingredient and the stock level below which a
// pizzeria is warned.
type CatalogIngredient struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Unit         string `json:"unit"`
	LowThreshold int64  `json:"low_threshold"`
}

// CatalogProduct is a product with its price and recipe.
type CatalogProduct struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Category    string              `json:"category"`
	Description string              `json:"description,omitempty"`
	PriceCents  int64               `json:"price_cents"`
	Recipe      []CatalogRecipeItem `json:"recipe"`
}

// CatalogRecipeItem is the quantity of an ingredient in one unit of a
// product, in the ingredient's unit.
type CatalogRecipeItem struct {
	IngredientID string `json:"ingredient_id"`
	Quantity     int64  `json:"quantity"`
}

// MaxCatalogBytes bounds a catalog document, well under the 1 MiB that
// NATS accepts in one message.
const MaxCatalogBytes = 512 << 10

var catalogID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// DecodeCatalog reads and validates a catalog document. Unknown fields are
// refused so that a typo is not silently ignored.
func DecodeCatalog(r io.Reader) (*Catalog, error) {
	// Decoded as it is read; a document that runs past the limit, cut
	// there, is reported as too large rather than as malformed.
	limited := &io.LimitedReader{R: r, N: MaxCatalogBytes + 1}
	var c Catalog
	err := strictjson.Decode(limited, &c)
	if limited.N == 0 {
		return nil, fmt.Errorf("catalog: over %d bytes", MaxCatalogBytes)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks that every id is a slug and unique, every reference
// resolves, every price and quantity is in range and every product has a
// recipe.
func (c *Catalog) Validate() error {
	if c.Version < 1 {
		return catalogError("catalog", "", "version", ProblemVersion, "version %d below 1", c.Version)
	}
	categories := map[string]bool{}
	for _, cat := range c.Categories {
		if err := checkEntry("category", cat.ID, cat.Name, categories); err != nil {
			return err
		}
	}
	units := map[string]bool{}
	for _, ing := range c.Ingredients {
		if err := checkEntry("ingredient", ing.ID, ing.Name, units); err != nil {
			return err
		}
		if ing.Unit != "g" && ing.Unit != "ml" && ing.Unit != "piece" {
			e := catalogError("ingredient", ing.ID, "unit", ProblemBadUnit,
				"ingredient %s: unit %q not g, ml or piece", ing.ID, ing.Unit)
			e.Value = ing.Unit
			return e
		}
		if ing.LowThreshold < 0 {
			return catalogError("ingredient", ing.ID, "low_threshold", ProblemNegativeThreshold,
				"ingredient %s: negative low threshold", ing.ID)
		}
	}
	products := map[string]bool{}
	for _, p := range c.Products {
		if err := p.validate(products, categories, units); err != nil {
			return err
		}
	}
	return nil
}

func (p *CatalogProduct) validate(seen, categories, ingredients map[string]bool) error {
	if err := checkEntry("product", p.ID, p.Name, seen); err != nil {
		return err
	}
	switch {
	case !categories[p.Category]:
		e := catalogError("product", p.ID, "category", ProblemUnknownCategory,
			"product %s: unknown category %q", p.ID, p.Category)
		e.Value = p.Category
		return e
	case p.PriceCents < 0 || p.PriceCents > 1_000_000:
		return catalogError("product", p.ID, "price_cents", ProblemPriceRange,
			"product %s: price %d cents out of range", p.ID, p.PriceCents)
	case len(p.Recipe) == 0:
		return catalogError("product", p.ID, "recipe", ProblemEmptyRecipe, "product %s: empty recipe", p.ID)
	}
	used := map[string]bool{}
	for _, item := range p.Recipe {
		switch {
		case !ingredients[item.IngredientID]:
			e := catalogError("product", p.ID, "recipe", ProblemUnknownIngredient,
				"product %s: unknown ingredient %q", p.ID, item.IngredientID)
			e.Value = item.IngredientID
			return e
		case used[item.IngredientID]:
			return catalogError("product", p.ID, "recipe", ProblemIngredientTwice,
				"product %s: ingredient %s twice", p.ID, item.IngredientID)
		case item.Quantity <= 0 || item.Quantity > 100_000:
			return catalogError("product", p.ID, "recipe", ProblemQuantityRange,
				"product %s: quantity of %s out of range", p.ID, item.IngredientID)
		}
		used[item.IngredientID] = true
	}
	return nil
}

// checkEntry checks an entry's id and name and records its id in seen.
func checkEntry(kind, id, name string, seen map[string]bool) error {
	switch {
	case !catalogID.MatchString(id):
		return catalogError(kind, id, "id", ProblemBadID, "%s id %q is not a lowercase slug", kind, id)
	case seen[id]:
		return catalogError(kind, id, "id", ProblemDuplicate, "%s %s twice", kind, id)
	case name == "" || len(name) > 100:
		return catalogError(kind, id, "name", ProblemBadName, "%s %s: name empty or over 100 bytes",
			kind, id)
	}
	seen[id] = true
	return nil
}
