package edge

import (
	"context"
	"strings"
)

// StockCount is the quantity of one ingredient found on the shelves by an
// inventory count, in the ingredient's unit.
type StockCount struct {
	IngredientID string
	Counted      int64
}

// InventoryCount is a count of some or all of the ingredients. Recording
// it writes, for each ingredient whose count differs from the stock on
// hand, the adjustment that makes them equal.
type InventoryCount struct {
	Counts []StockCount
	Note   string
}

// Validate checks a count: at least one ingredient, each once, with a
// quantity that is not negative.
func (c *InventoryCount) Validate() error {
	c.Note = strings.TrimSpace(c.Note)
	if len(c.Counts) == 0 {
		return Invalid("counts", MsgNothingCounted)
	}
	seen := make(map[string]bool, len(c.Counts))
	for _, sc := range c.Counts {
		field := "count." + sc.IngredientID
		switch {
		case sc.IngredientID == "" || len(sc.IngredientID) > MaxIDLen:
			return Invalid("counts", MsgRequired)
		case seen[sc.IngredientID]:
			return Invalid(field, MsgCountedTwice)
		case sc.Counted < 0:
			return Invalid(field, MsgQuantityPositive)
		case sc.Counted > MaxMovementQty:
			return Invalid(field, MsgQuantityTooLarge, int64(MaxMovementQty))
		}
		seen[sc.IngredientID] = true
	}
	return checkText("note", c.Note, MaxNoteLen)
}

// InventoryService records inventory counts.
type InventoryService interface {
	// CountStock records an inventory count in one transaction: an
	// adjustment movement for every ingredient whose count differs from
	// its stock on hand at that moment, and none for the others. It
	// returns the adjustments written. Returns EINVALID for bad input or
	// an unknown ingredient.
	CountStock(ctx context.Context, actor *User, count InventoryCount) ([]*Movement, error)
}
