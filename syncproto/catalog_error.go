package syncproto

import "fmt"

// The problems a catalog document may have, as CatalogError names them.
const (
	ProblemVersion           = "version"            // below 1
	ProblemBadID             = "bad_id"             // not a lowercase slug
	ProblemDuplicate         = "duplicate"          // an id used twice in its kind
	ProblemBadName           = "bad_name"           // empty or over 100 bytes
	ProblemBadUnit           = "bad_unit"           // not g, ml or piece
	ProblemNegativeThreshold = "negative_threshold" // a low-stock threshold below 0
	ProblemUnknownCategory   = "unknown_category"   // a product in no category
	ProblemPriceRange        = "price_range"        // a price out of 0 to 10,000 euros
	ProblemEmptyRecipe       = "empty_recipe"       // a product without ingredients
	ProblemUnknownIngredient = "unknown_ingredient" // a recipe naming no ingredient
	ProblemIngredientTwice   = "ingredient_twice"   // a recipe naming one twice
	ProblemQuantityRange     = "quantity_range"     // a quantity out of 1 to 100,000
)

// CatalogError is the first rule of the catalog a document breaks, in
// terms a program can act on: the kind and id of the entry, its field (as
// the JSON document names it) and the problem. Its message is for logs.
type CatalogError struct {
	Kind    string // "catalog", "category", "ingredient" or "product"
	ID      string // the entry's id; "" for the catalog itself
	Field   string // "version", "id", "name", "unit", "low_threshold", "category", "price_cents", "recipe"
	Problem string // one of the Problem constants
	Value   string // what the field held, where the problem names it: a category, an ingredient, a unit
	detail  string
}

func (e *CatalogError) Error() string { return "catalog: " + e.detail }

// catalogError returns a CatalogError with its message made from format.
func catalogError(kind, id, field, problem, format string, args ...any) *CatalogError {
	return &CatalogError{Kind: kind, ID: id, Field: field, Problem: problem,
		detail: fmt.Sprintf(format, args...)}
}
