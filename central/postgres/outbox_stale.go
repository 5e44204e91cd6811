package postgres

import (
	"context"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// FindStaleCommands implements central.OutboxService.
func (db *DB) FindStaleCommands(ctx context.Context, before time.Time,
	limit int) ([]*central.OutboundCommand, error) {
	return db.findOutbound(ctx, "find stale commands", `
		SELECT pizzeria_id, position, data, published_at FROM commands
		WHERE answer IS NULL AND published_at < $1
		ORDER BY pizzeria_id, position LIMIT $2`, before.UTC(), limit)
}

// MarkCommandsResent implements central.OutboxService.
func (db *DB) MarkCommandsResent(ctx context.Context, pizzeria string, positions []int64) error {
	return db.markCommands(ctx, "mark commands resent", "answer IS NULL", pizzeria, positions)
}
