package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ edge.StockService = (*DB)(nil)

// FindIngredients implements edge.StockService.
func (db *DB) FindIngredients(ctx context.Context) ([]*edge.Ingredient, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, name, unit, on_hand, low_threshold FROM ingredients ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("find ingredients: %w", err)
	}
	defer rows.Close()

	var ingredients []*edge.Ingredient
	for rows.Next() {
		var i edge.Ingredient
		if err := rows.Scan(&i.ID, &i.Name, &i.Unit, &i.OnHand, &i.LowThreshold); err != nil {
			return nil, fmt.Errorf("find ingredients: %w", err)
		}
		i.Low = i.OnHand <= i.LowThreshold
		ingredients = append(ingredients, &i)
	}
	return ingredients, rows.Err()
}

// RecordMovement implements edge.StockService.
func (db *DB) RecordMovement(ctx context.Context, actor *edge.User, m edge.MovementCreate) (*edge.Movement, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var moved *edge.Movement
	err := db.update(ctx, func(tx *Tx) error {
		// The ingredient must exist and the change must not go below zero.
		var name string
		var unit edge.Unit
		var onHand int64
		err := tx.QueryRowContext(ctx, `SELECT name, unit, on_hand FROM ingredients WHERE id = ?`,
			m.IngredientID).Scan(&name, &unit, &onHand)
		if errors.Is(err, sql.ErrNoRows) {
			return edge.Invalid("ingredient_id", edge.MsgUnknownIngredient, m.IngredientID)
		} else if err != nil {
			return fmt.Errorf("record movement: %w", err)
		}
		if onHand+m.Delta() < 0 {
			return edge.Errorf(edge.ECONFLICT, edge.MsgStockWouldGoNegative, name, onHand, edge.UnitLabel(unit))
		}

		// The movement, then its event.
		moved = tx.newMovement(m.IngredientID, m.Kind, m.Delta(), "", actor.Username, m.Note)
		onHandNow := map[string]int64{m.IngredientID: onHand}
		if err := tx.writeMovements(ctx, onHandNow, []*edge.Movement{moved}); err != nil {
			return err
		}
		return tx.emit(ctx, syncproto.EventStockMoved, syncproto.StockPayload{Movement: wireMovement(moved)})
	})
	if err != nil {
		return nil, err
	}
	return moved, nil
}

// FindMovements implements edge.StockService.
func (db *DB) FindMovements(ctx context.Context, filter edge.MovementFilter) ([]*edge.Movement, error) {
	ingredient := ""
	if filter.IngredientID != nil {
		ingredient = *filter.IngredientID
	}
	limit := filter.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, ingredient_id, kind, delta, on_hand_after, coalesce(order_id, ''), by_user, note,
		       created_at
		FROM stock_movements
		WHERE ? = '' OR ingredient_id = ?
		ORDER BY rowid DESC LIMIT ?`, ingredient, ingredient, limit)
	if err != nil {
		return nil, fmt.Errorf("find movements: %w", err)
	}
	defer rows.Close()

	var movements []*edge.Movement
	for rows.Next() {
		var m edge.Movement
		var at string
		err := rows.Scan(&m.ID, &m.IngredientID, &m.Kind, &m.Delta, &m.OnHandAfter, &m.OrderID,
			&m.By, &m.Note, &at)
		if err != nil {
			return nil, fmt.Errorf("find movements: %w", err)
		}
		m.CreatedAt = parseTime(at)
		movements = append(movements, &m)
	}
	return movements, rows.Err()
}

// newMovement returns a movement of this transaction, not yet written.
func (tx *Tx) newMovement(ingredientID string, kind edge.MovementKind, delta int64, orderID, by, note string) *edge.Movement {
	return &edge.Movement{
		ID: newID(), IngredientID: ingredientID, Kind: kind, Delta: delta,
		OrderID: orderID, By: by, Note: note, CreatedAt: tx.now,
	}
}

// writeMovements applies movements to stock and appends them to the
// ledger. onHand holds the stock of their ingredients as read in this
// transaction; the single writer keeps it true, and it is updated here.
// The CHECK constraint on on_hand is the last guard against negative
// stock; callers check first so that a refusal carries a reason.
func (tx *Tx) writeMovements(ctx context.Context, onHand map[string]int64, movements []*edge.Movement) error {
	if len(movements) == 0 {
		return nil
	}
	args := make([]any, 0, 9*len(movements))
	for _, m := range movements {
		onHand[m.IngredientID] += m.Delta
		m.OnHandAfter = onHand[m.IngredientID]
		_, err := tx.ExecContext(ctx, `UPDATE ingredients SET on_hand = ? WHERE id = ?`,
			m.OnHandAfter, m.IngredientID)
		if err != nil {
			return fmt.Errorf("move stock of %s: %w", m.IngredientID, err)
		}
		args = append(args, m.ID, m.IngredientID, m.Kind, m.Delta, m.OnHandAfter, m.OrderID, m.By,
			m.Note, formatTime(m.CreatedAt))
	}
	values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, nullif(?, ''), ?, ?, ?),", len(movements)), ",")
	_, err := tx.ExecContext(ctx, `
		INSERT INTO stock_movements
			(id, ingredient_id, kind, delta, on_hand_after, order_id, by_user, note, created_at)
		VALUES `+values, args...)
	if err != nil {
		return fmt.Errorf("write movements: %w", err)
	}
	return nil
}

// heldStock returns what an order holds of each ingredient: its
// consumption minus what was given back.
func (tx *Tx) heldStock(ctx context.Context, orderID string) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT ingredient_id, -sum(delta) FROM stock_movements
		WHERE order_id = ? AND kind IN ('consumption', 'return')
		GROUP BY ingredient_id`, orderID)
	if err != nil {
		return nil, fmt.Errorf("held stock: %w", err)
	}
	defer rows.Close()
	held := map[string]int64{}
	for rows.Next() {
		var id string
		var qty int64
		if err := rows.Scan(&id, &qty); err != nil {
			return nil, fmt.Errorf("held stock: %w", err)
		}
		if qty != 0 {
			held[id] = qty
		}
	}
	return held, rows.Err()
}

// setOrderStock moves an order's stock from what it holds to what its lines
// need: consumption for more, return for less. It refuses with ECONFLICT
// and a reason, before changing anything, when the stock cannot cover it.
func (tx *Tx) setOrderStock(ctx context.Context, orderID, by string, held map[string]int64,
	want *resolvedLines) ([]*edge.Movement, error) {
	needs := want.needs()

	// Every ingredient either side touches, in a fixed order.
	var ids []string
	for id := range held {
		ids = append(ids, id)
	}
	for id := range needs {
		if _, ok := held[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)

	// Refuse before writing anything when stock falls short.
	onHand, err := tx.onHand(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if needs[id]-held[id] > onHand[id] {
			return nil, tx.shortage(ctx, id, held, onHand, want)
		}
	}

	// One movement per ingredient that changes.
	var movements []*edge.Movement
	for _, id := range ids {
		diff := needs[id] - held[id]
		if diff == 0 {
			continue
		}
		kind := edge.MovementConsumption
		if diff < 0 {
			kind = edge.MovementReturn
		}
		movements = append(movements, tx.newMovement(id, kind, -diff, orderID, by, ""))
	}
	return movements, tx.writeMovements(ctx, onHand, movements)
}

// onHand reads the stock of the given ingredients in one query.
func (tx *Tx) onHand(ctx context.Context, ids []string) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT id, on_hand FROM ingredients WHERE id IN (`+placeholders(len(ids))+`)`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("stock on hand: %w", err)
	}
	defer rows.Close()
	onHand := make(map[string]int64, len(ids))
	for rows.Next() {
		var id string
		var qty int64
		if err := rows.Scan(&id, &qty); err != nil {
			return nil, fmt.Errorf("stock on hand: %w", err)
		}
		onHand[id] = qty
	}
	return onHand, rows.Err()
}

// shortage explains why stock cannot cover the lines: the first product
// that cannot be made in the quantity asked, or else (when only the
// products together are too many) the ingredient that runs out.
func (tx *Tx) shortage(ctx context.Context, ingredientID string, held, onHand map[string]int64,
	want *resolvedLines) error {
	usable := make(map[string]int64, len(onHand))
	for id, qty := range onHand {
		usable[id] = qty + held[id]
	}
	for _, p := range want.products {
		if can := edge.Makeable(p.recipe, usable); can < p.quantity {
			return edge.Errorf(edge.ECONFLICT, edge.MsgStockShort, p.name, p.quantity, can)
		}
	}
	var name string
	var unit edge.Unit
	err := tx.QueryRowContext(ctx, `SELECT name, unit FROM ingredients WHERE id = ?`, ingredientID).
		Scan(&name, &unit)
	if err != nil {
		return fmt.Errorf("shortage: %w", err)
	}
	return edge.Errorf(edge.ECONFLICT, edge.MsgStockWouldGoNegative, name, usable[ingredientID], edge.UnitLabel(unit))
}

// wireMovement is the form of a movement in events.
func wireMovement(m *edge.Movement) syncproto.StockMovement {
	return syncproto.StockMovement{
		ID: m.ID, IngredientID: m.IngredientID, Kind: string(m.Kind), Delta: m.Delta,
		OnHandAfter: m.OnHandAfter, OrderID: m.OrderID, By: m.By, Note: m.Note, At: m.CreatedAt,
	}
}
