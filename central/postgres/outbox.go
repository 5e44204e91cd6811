package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ central.OutboxService = (*DB)(nil)

// enqueue appends a command for pizzeria to the down outbox in tx, and
// returns it. Its position is the pizzeria's next, taken by updating the
// pizzeria's down_positions row, whose lock tx holds until it ends: a
// concurrent enqueue for the same pizzeria waits for it, so positions
// commit in their order, and a rolled-back one is taken again by the next.
func enqueue(ctx context.Context, tx pgx.Tx, pizzeria, typ string, now time.Time,
	payload any) (*syncproto.Command, error) {
	var position int64
	err := tx.QueryRow(ctx, `
		INSERT INTO down_positions AS d (pizzeria_id, last_position) VALUES ($1, 1)
		ON CONFLICT (pizzeria_id) DO UPDATE SET last_position = d.last_position + 1
		RETURNING last_position`, pizzeria).Scan(&position)
	if err != nil {
		return nil, fmt.Errorf("enqueue %s for %s: next position: %w", typ, pizzeria, err)
	}

	id, err := uuid.NewV7()
	if err != nil {
		return nil, fmt.Errorf("enqueue %s: %w", typ, err)
	}
	c, err := syncproto.NewCommand(id.String(), pizzeria, position, typ, now.Truncate(time.Microsecond), payload)
	if err != nil {
		return nil, fmt.Errorf("enqueue %s for %s: %w", typ, pizzeria, err)
	}
	data, err := syncproto.Encode(c)
	if err != nil {
		return nil, fmt.Errorf("enqueue %s for %s: %w", typ, pizzeria, err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO commands (pizzeria_id, position, id, type, created_at, data)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		pizzeria, position, id, typ, c.CreatedAt, data)
	if err != nil {
		return nil, fmt.Errorf("enqueue %s for %s: %w", typ, pizzeria, err)
	}
	return c, nil
}

// FindUnpublishedCommands implements central.OutboxService.
func (db *DB) FindUnpublishedCommands(ctx context.Context, limit int) ([]*central.OutboundCommand, error) {
	return db.findOutbound(ctx, "find unpublished commands", `
		SELECT pizzeria_id, position, data, published_at FROM commands
		WHERE published_at IS NULL ORDER BY pizzeria_id, position LIMIT $1`, limit)
}

// findOutbound reads commands to publish. A command's message id is
// pizzeria:down:position; one published before also carries the time it
// was, so that JetStream, which may remember the first id, takes it again.
func (db *DB) findOutbound(ctx context.Context, what, query string,
	args ...any) ([]*central.OutboundCommand, error) {
	rows, err := db.Pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var out []*central.OutboundCommand
	var o central.OutboundCommand
	var published *time.Time
	_, err = pgx.ForEachRow(rows, []any{&o.Pizzeria, &o.Position, &o.Data, &published}, func() error {
		c := o
		c.MsgID = fmt.Sprintf("%s:down:%d", c.Pizzeria, c.Position)
		if published != nil {
			c.MsgID += fmt.Sprintf(":%d", published.UnixMicro())
		}
		out = append(out, &c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// MarkCommandsPublished implements central.OutboxService.
func (db *DB) MarkCommandsPublished(ctx context.Context, pizzeria string, positions []int64) error {
	return db.markCommands(ctx, "mark commands published", "published_at IS NULL",
		pizzeria, positions)
}

// markCommands sets the time of publication of the commands of pizzeria
// at positions that meet the condition.
func (db *DB) markCommands(ctx context.Context, what, condition, pizzeria string,
	positions []int64) error {
	_, err := db.Pool.Exec(ctx, `
		UPDATE commands SET published_at = $3
		WHERE pizzeria_id = $1 AND position = ANY($2) AND `+condition,
		pizzeria, positions, db.Now().UTC())
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// FindCommands implements central.OutboxService.
func (db *DB) FindCommands(ctx context.Context, f central.CommandFilter) ([]*central.Command, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT id, pizzeria_id, position, type, created_at, published_at,
		       coalesce(answer, ''), answer_code, answer_reason, answered_at
		FROM commands
		WHERE ($1 = '' OR pizzeria_id = $1) AND ($2 = '' OR type = $2)
		ORDER BY created_at DESC, pizzeria_id, position DESC LIMIT $3`,
		f.Pizzeria, f.Type, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("find commands: %w", err)
	}
	commands, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*central.Command, error) {
		var c central.Command
		var id uuid.UUID
		err := row.Scan(&id, &c.Pizzeria, &c.Position, &c.Type, &c.CreatedAt, &c.PublishedAt,
			&c.Answer, &c.AnswerCode, &c.AnswerReason, &c.AnsweredAt)
		c.ID, c.CreatedAt = id.String(), c.CreatedAt.UTC()
		return &c, err
	})
	if err != nil {
		return nil, fmt.Errorf("find commands: %w", err)
	}
	return commands, nil
}
