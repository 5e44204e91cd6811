package edge

import (
	"context"
	"strings"
	"time"
)

// MovementKind is why stock changed. Stock changes only through movements.
type MovementKind string

// The kinds of stock movement. Consumption and return are written by
// orders; staff record the others.
const (
	MovementReceipt     MovementKind = "receipt"
	MovementConsumption MovementKind = "consumption"
	MovementReturn      MovementKind = "return"
	MovementWaste       MovementKind = "waste"
	MovementAdjustment  MovementKind = "adjustment"
)

// Movement is one line of the stock ledger. Delta is signed, in the
// ingredient's unit.
type Movement struct {
	ID           string       `json:"id"`
	IngredientID string       `json:"ingredient_id"`
	Kind         MovementKind `json:"kind"`
	Delta        int64        `json:"delta"`
	OnHandAfter  int64        `json:"on_hand_after"`
	OrderID      string       `json:"order_id,omitempty"`
	By           string       `json:"by,omitempty"`
	Note         string       `json:"note,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
}

// MovementCreate is a movement recorded by staff. For a receipt or waste,
// Quantity is the positive amount received or thrown away; for an
// adjustment it is the signed correction found by an inventory count.
type MovementCreate struct {
	IngredientID string       `json:"ingredient_id"`
	Kind         MovementKind `json:"kind"`
	Quantity     int64        `json:"quantity"`
	Note         string       `json:"note"`
}

// MaxMovementQty bounds one movement, far above any real delivery.
const MaxMovementQty = 10_000_000

// Validate checks a staff movement and trims its note.
func (m *MovementCreate) Validate() error {
	m.IngredientID = strings.TrimSpace(m.IngredientID)
	m.Note = strings.TrimSpace(m.Note)
	switch {
	case m.IngredientID == "":
		return Invalid("ingredient_id", MsgRequired)
	case m.Kind != MovementReceipt && m.Kind != MovementWaste && m.Kind != MovementAdjustment:
		return Invalid("kind", MsgUnknownMovementKind, m.Kind)
	case m.Quantity == 0:
		return Invalid("quantity", MsgQuantityZero)
	case m.Quantity < 0 && m.Kind != MovementAdjustment:
		return Invalid("quantity", MsgQuantityPositive)
	case m.Quantity > MaxMovementQty || m.Quantity < -MaxMovementQty:
		return Invalid("quantity", MsgQuantityTooLarge, int64(MaxMovementQty))
	}
	return checkText("note", m.Note, MaxNoteLen)
}

// Delta returns the signed change the movement makes to stock on hand.
func (m *MovementCreate) Delta() int64 {
	if m.Kind == MovementWaste {
		return -m.Quantity
	}
	return m.Quantity
}

// MovementFilter selects stock movements, newest first.
type MovementFilter struct {
	IngredientID *string
	Limit        int
}

// StockService reads and changes the pizzeria's stock.
type StockService interface {
	// FindIngredients returns every ingredient with its stock on hand.
	FindIngredients(ctx context.Context) ([]*Ingredient, error)

	// RecordMovement records a receipt, waste or adjustment. Returns
	// EINVALID for bad input or an unknown ingredient, and ECONFLICT when it
	// would take stock below zero.
	RecordMovement(ctx context.Context, actor *User, m MovementCreate) (*Movement, error)

	// FindMovements returns the stock ledger, newest first.
	FindMovements(ctx context.Context, filter MovementFilter) ([]*Movement, error)
}
