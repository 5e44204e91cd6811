package sqlite

import (
	"context"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
)

// Ensure the service is implemented.
var _ edge.WebOrderService = (*DB)(nil)

// FindWebOrderSettings implements edge.WebOrderService.
func (db *DB) FindWebOrderSettings(ctx context.Context) (*edge.WebOrderSettings, error) {
	return webOrderSettings(ctx, db.read)
}

// SetWebOrdersOpen implements edge.WebOrderService. The switch is the
// pizzeria's own and does not travel to central: a web order placed while
// it is closed is refused as closed, and central offers it elsewhere.
func (db *DB) SetWebOrdersOpen(ctx context.Context, actor *edge.User,
	open bool) (*edge.WebOrderSettings, error) {
	var s *edge.WebOrderSettings
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `
			UPDATE pizzeria_settings SET web_orders_open = ?, updated_by = ?, updated_at = ? WHERE id = 1`,
			open, actor.Username, tx.nowText())
		if err != nil {
			return fmt.Errorf("set web orders open: %w", err)
		}
		s, err = tx.webOrderSettings(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// webOrderSettings reads the switch in this transaction.
func (tx *Tx) webOrderSettings(ctx context.Context) (*edge.WebOrderSettings, error) {
	return webOrderSettings(ctx, tx)
}

func webOrderSettings(ctx context.Context, q queryer) (*edge.WebOrderSettings, error) {
	var s edge.WebOrderSettings
	var at string
	err := q.QueryRowContext(ctx, `
		SELECT web_orders_open, updated_by, updated_at FROM pizzeria_settings WHERE id = 1`).
		Scan(&s.Open, &s.UpdatedBy, &at)
	if err != nil {
		return nil, fmt.Errorf("web order settings: %w", err)
	}
	if at != "" {
		t := parseTime(at)
		s.UpdatedAt = &t
	}
	return &s, nil
}
