package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// DB implements central's side of up-sync.
var _ central.SyncService = (*DB)(nil)

// epochKey names one epoch of one pizzeria: the stream its sequence
// numbers count in.
type epochKey struct {
	pizzeria string
	epoch    string
}

// eventKey is the identity of an event: (pizzeria, epoch, seq).
type eventKey struct {
	epochKey
	seq int64
}

// ingest is the work of one batch: the events it received, the messages
// it refuses, and what it did.
type ingest struct {
	now      time.Time
	received []*incoming            // events that passed the envelope checks
	fresh    map[eventKey]*incoming // events this batch added to the log
	dead     []deadLetter           // messages and events refused
	res      central.BatchResult
}

// ApplyBatch implements central.SyncService. Everything happens in one
// transaction:
//
//  1. the cursor of every (pizzeria, epoch) in the batch is locked, in key
//     order, so that two batches never project the same events;
//  2. new events go to the raw log; an event already there is a duplicate
//     when its content hash matches and a divergence otherwise (the log
//     keeps the first);
//  3. each epoch is projected from the log in sequence order, from its
//     cursor while the next sequence is there: an event beyond a gap is
//     held in the log until the gap is filled, then projected;
//  4. the cursors move, and refused messages become dead letters.
//
// An event whose payload does not read is dead-lettered at step 3 and the
// cursor moves past it, so that one bad event never stops its pizzeria.
// ApplyBatch returns an error only when nothing was committed.
func (db *DB) ApplyBatch(ctx context.Context, batch []central.Received) (central.BatchResult, error) {
	in := &ingest{now: db.Now().UTC(), fresh: map[eventKey]*incoming{}}
	for i := range batch {
		in.receive(&batch[i])
	}
	if len(batch) == 0 {
		return in.res, nil
	}

	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return central.BatchResult{}, fmt.Errorf("apply batch: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()

	// The payloads are read on another core while PostgreSQL stores the
	// events; projecting waits for them.
	decoded := decodeAll(in.received)
	defer decoded.Wait()

	if err := in.apply(ctx, tx, decoded); err != nil {
		return central.BatchResult{}, fmt.Errorf("apply batch: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return central.BatchResult{}, fmt.Errorf("apply batch: commit: %w", err)
	}
	return in.res, nil
}

// apply runs the steps of ApplyBatch inside tx.
func (in *ingest) apply(ctx context.Context, tx pgx.Tx, decoded *sync.WaitGroup) error {
	// Lock the cursors; events of an unregistered pizzeria have none.
	cursors, err := lockCursors(ctx, tx, in.epochKeys(), in.now)
	if err != nil {
		return err
	}
	in.refuseUnregistered(cursors)

	// The raw log first: it is what the projections are made from.
	if err := in.store(ctx, tx, cursors); err != nil {
		return err
	}

	// Project each epoch up to its first gap and move its cursor.
	decoded.Wait()
	for _, c := range cursors {
		if err := in.project(ctx, tx, c); err != nil {
			return err
		}
	}
	if err := saveCursors(ctx, tx, cursors, in.now); err != nil {
		return err
	}
	return insertDeadLetters(ctx, tx, in.dead, in.now)
}
