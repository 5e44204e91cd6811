package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/syncproto"
)

// runSize bounds the events projected at once, and so the memory that a
// long run of held events takes once the gap before it is filled.
const runSize = 1000

// project applies the events of one epoch from its cursor on, in sequence
// order, while the next sequence is in the log, and moves the cursor.
func (in *ingest) project(ctx context.Context, tx pgx.Tx, c *cursor) error {
	for {
		run, err := in.nextRun(ctx, tx, c)
		if err != nil || len(run) == 0 {
			return err
		}
		if err := in.projectRun(ctx, tx, c.pizzeria, run); err != nil {
			return err
		}
		last := run[len(run)-1].event
		c.seq, c.eventID, c.occurredAt, c.moved = last.Seq, last.ID, last.OccurredAt, true
	}
}

// nextRun returns up to runSize events of c's epoch that follow its
// cursor without a gap: those this batch stored come from memory, the
// others (held by an earlier batch, or duplicates) from the log.
func (in *ingest) nextRun(ctx context.Context, tx pgx.Tx, c *cursor) ([]*incoming, error) {
	var run []*incoming
	next := c.seq + 1
	for len(run) < runSize {
		if inc, ok := in.fresh[eventKey{c.epochKey, next}]; ok {
			run = append(run, inc)
			next++
			continue
		}
		if c.logEnd || next > c.logMax {
			break
		}

		// The log holds this batch's events too, so once it has nothing
		// that follows, nothing will follow in this batch either.
		want := runSize - len(run)
		logged, err := findEvents(ctx, tx, c.epochKey, next, want)
		if err != nil {
			return nil, err
		}
		n := 0
		for n < len(logged) && logged[n].event.Seq == next {
			run = append(run, logged[n])
			next++
			n++
		}
		if n < len(logged) || len(logged) < want {
			c.logEnd = true
		}
		if n == 0 {
			break
		}
	}
	return run, nil
}

// findEvents reads up to limit events of the log from sequence from on.
func findEvents(ctx context.Context, tx pgx.Tx, k epochKey, from int64,
	limit int) ([]*incoming, error) {
	rows, err := tx.Query(ctx, `
		SELECT seq, id, type, schema_version, occurred_at, payload
		FROM events WHERE pizzeria_id = $1 AND epoch = $2 AND seq >= $3
		ORDER BY seq LIMIT $4`,
		k.pizzeria, k.epoch, from, limit)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	var events []*incoming
	var e syncproto.Event
	scan := []any{&e.Seq, &e.ID, &e.Type, &e.SchemaVersion, &e.OccurredAt, &e.Payload}
	_, err = pgx.ForEachRow(rows, scan, func() error {
		logged := e
		logged.Pizzeria, logged.Epoch, logged.OccurredAt = k.pizzeria, k.epoch, e.OccurredAt.UTC()
		events = append(events, &incoming{key: eventKey{k, e.Seq}, event: &logged})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	return events, nil
}

// projectRun applies a run of one pizzeria's events to the projections.
// An event whose payload does not read, or that names an order of another
// pizzeria, is dead-lettered and skipped.
func (in *ingest) projectRun(ctx context.Context, tx pgx.Tx, pizzeria string, run []*incoming) error {
	decoded := make([]*decodedEvent, 0, len(run))
	for _, inc := range run {
		d, err := inc.payload()
		if err != nil {
			in.refuseEvent(inc.event, err)
			continue
		}
		decoded = append(decoded, d)
	}

	// What central already holds of these orders and movements decides
	// how each row is written. An order id is global: one pizzeria never
	// overwrites another's.
	p := newProjection(pizzeria, in.now)
	if err := p.findKnown(ctx, tx, decoded); err != nil {
		return err
	}
	for _, d := range decoded {
		if d.order != nil && p.foreign(d.order.Order.ID) {
			err := fmt.Errorf("order %s belongs to another pizzeria", d.order.Order.ID)
			in.refuseEvent(d.event, err)
			continue
		}
		p.add(d)
		in.res.Projected++
	}
	return p.write(ctx, tx)
}
