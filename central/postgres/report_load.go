package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// LoadEvents is the bulk path of the history generator. It takes events
// of one pizzeria's epoch that follow its cursor without a gap and that
// central has never seen, adds them to the raw log with COPY and projects
// them with the ingest's own code (projection.write, the report days
// marked dirty included), as one run in one transaction, then moves the cursor.
//
// It leaves what ApplyBatch leaves for the same events: the log, the
// cursor, the projections and the dirty report days (TestGenHistoryMatchesIngest
// in cmd/ocpizza-central). It skips only what events that are new, valid
// and in order never need: the duplicate and divergence checks, holding
// events beyond a gap, dead letters, and runs of runSize events. Any
// event that is not so is an error, and nothing is written.
func (db *DB) LoadEvents(ctx context.Context, events []*syncproto.Event) error {
	if len(events) == 0 {
		return nil
	}
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("load events: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()

	now := db.Now().UTC()
	if err := loadEvents(ctx, tx, events, now); err != nil {
		return fmt.Errorf("load events: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("load events: commit: %w", err)
	}
	return nil
}

// loadEvents runs LoadEvents inside tx.
func loadEvents(ctx context.Context, tx pgx.Tx, events []*syncproto.Event, now time.Time) error {
	// Lock the cursor: the events must follow it, and the log must hold
	// nothing beyond it.
	k := epochKey{events[0].Pizzeria, events[0].Epoch}
	cursors, err := lockCursors(ctx, tx, []epochKey{k}, now)
	if err != nil {
		return err
	}
	if len(cursors) == 0 {
		return fmt.Errorf("pizzeria %q is not registered", k.pizzeria)
	}
	c := cursors[0]
	if c.logMax > c.seq {
		return fmt.Errorf("the log of %s/%s holds events beyond its cursor", k.pizzeria, k.epoch)
	}
	run, decoded, err := checkLoaded(events, c)
	if err != nil {
		return err
	}

	// The raw log, then the projections as the ingest makes them.
	if err := copyEvents(ctx, tx, run, now); err != nil {
		return err
	}
	p := newProjection(k.pizzeria, now)
	if err := p.findKnown(ctx, tx, decoded); err != nil {
		return err
	}
	for _, d := range decoded {
		if d.order != nil && p.foreign(d.order.Order.ID) {
			return fmt.Errorf("order %s belongs to another pizzeria", d.order.Order.ID)
		}
		p.add(d)
	}
	if err := p.write(ctx, tx); err != nil {
		return err
	}

	// The cursor moves past the last event.
	last := events[len(events)-1]
	c.seq, c.eventID, c.occurredAt, c.moved = last.Seq, last.ID, last.OccurredAt.UTC(), true
	return saveCursors(ctx, tx, cursors, now)
}

// checkLoaded checks the events as the ingest checks what it receives,
// and that they follow the cursor c in order, and reads their payloads.
func checkLoaded(events []*syncproto.Event, c *cursor) ([]*incoming, []*decodedEvent, error) {
	run := make([]*incoming, len(events))
	decoded := make([]*decodedEvent, len(events))
	for i, e := range events {
		r := central.Received{Pizzeria: c.pizzeria, Event: e}
		if err := checkReceived(&r); err != nil {
			return nil, nil, fmt.Errorf("event %d: %w", e.Seq, err)
		}
		if e.Epoch != c.epoch || e.Seq != c.seq+int64(i)+1 {
			return nil, nil, fmt.Errorf("event %s/%d does not follow %s/%d in order",
				e.Epoch, e.Seq, c.epoch, c.seq+int64(i))
		}
		run[i] = &incoming{key: eventKey{c.epochKey, e.Seq}, event: e, hash: eventHash(e)}
		d, err := run[i].payload()
		if err != nil {
			return nil, nil, fmt.Errorf("event %d: %w", e.Seq, err)
		}
		decoded[i] = d
	}
	return run, decoded, nil
}
