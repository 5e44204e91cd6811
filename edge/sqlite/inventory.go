package sqlite

import (
	"context"
	"fmt"
	"slices"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ edge.InventoryService = (*DB)(nil)

// CountStock implements edge.InventoryService. The stock on hand is read
// in the same transaction as the adjustments are written, so an order
// taken while the count was typed in is not counted twice.
func (db *DB) CountStock(ctx context.Context, actor *edge.User, count edge.InventoryCount) ([]*edge.Movement, error) {
	if err := count.Validate(); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(count.Counts))
	for _, sc := range count.Counts {
		ids = append(ids, sc.IngredientID)
	}
	slices.Sort(ids)

	var adjustments []*edge.Movement
	err := db.update(ctx, func(tx *Tx) error {
		// Every ingredient counted must exist.
		onHand, err := tx.onHand(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, ok := onHand[id]; !ok {
				return edge.Invalid("count."+id, edge.MsgUnknownIngredient, id)
			}
		}

		// One adjustment per difference, then one event per adjustment.
		adjustments = nil
		for _, sc := range count.Counts {
			if delta := sc.Counted - onHand[sc.IngredientID]; delta != 0 {
				m := tx.newMovement(sc.IngredientID, edge.MovementAdjustment, delta, "", actor.Username, count.Note)
				adjustments = append(adjustments, m)
			}
		}
		if err := tx.writeMovements(ctx, onHand, adjustments); err != nil {
			return err
		}
		for _, m := range adjustments {
			err := tx.emit(ctx, syncproto.EventStockMoved, syncproto.StockPayload{Movement: wireMovement(m)})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count stock: %w", err)
	}
	return adjustments, nil
}
