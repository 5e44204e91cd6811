package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// Changes returns a channel that receives a value after each committed
// transaction that wrote outbox events, so that the publisher sends them
// at once instead of polling. Signals coalesce: the channel holds at most
// one, which stands for every commit since it was last read.
func (db *DB) Changes() <-chan struct{} { return db.changes }

// signalChanges tells the reader of Changes, if it is not told already,
// that the outbox has new events.
func (db *DB) signalChanges() {
	db.watchers.notify()
	select {
	case db.changes <- struct{}{}:
	default:
	}
}

// Confirm records that central has applied the events of epoch up to
// appliedSeq: the outbox rows of that epoch up to it are deleted, and, when
// epoch is the current one, last_confirmed_seq moves up to it. The
// confirmed sequence never goes back, and never past the last sequence
// written: central cannot have applied events this database has not made.
func (db *DB) Confirm(ctx context.Context, epoch string, appliedSeq int64) error {
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `
			UPDATE sync_state
			SET last_confirmed_seq = MIN(last_seq, MAX(last_confirmed_seq, ?))
			WHERE id = 1 AND epoch = ?`, appliedSeq, epoch)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM outbox WHERE epoch = ? AND seq <= ?`, epoch, appliedSeq)
		return err
	})
	if err != nil {
		return fmt.Errorf("confirm %s:%d: %w", epoch, appliedSeq, err)
	}
	return nil
}

// OutboxEventAt returns the id of the outbox event at seq of epoch, and
// false when the outbox holds no such event (never written, or confirmed
// and deleted).
func (db *DB) OutboxEventAt(ctx context.Context, epoch string, seq int64) (string, bool, error) {
	var id string
	err := db.read.QueryRowContext(ctx,
		`SELECT id FROM outbox WHERE seq = ? AND epoch = ?`, seq, epoch).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("outbox event %s:%d: %w", epoch, seq, err)
	}
	return id, true, nil
}

// StartNewEpoch gives the database a new epoch and returns it. It is for a
// database that central shows to be an older copy: central has applied
// more of the epoch than the database holds, or holds another event at a
// sequence it has. Every event central has not confirmed moves into the
// new epoch, numbered from 1 in its order, with its id and payload
// unchanged, so that nothing is lost and no (epoch, sequence) of the old
// epoch is sent again with other content. Events already confirmed are
// deleted, as Confirm would have.
func (db *DB) StartNewEpoch(ctx context.Context) (string, error) {
	epoch := uuid.Must(uuid.NewV7()).String()
	err := db.update(ctx, func(tx *Tx) error {
		// Events up to the confirmed sequence are central's already.
		var confirmed int64
		err := tx.QueryRowContext(ctx,
			`SELECT last_confirmed_seq FROM sync_state WHERE id = 1`).Scan(&confirmed)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE seq <= ?`, confirmed); err != nil {
			return err
		}

		// Number the rest from 1 in their order. The sequence is the
		// table's key, so the rows go through negative numbers, which no
		// row holds, to never collide with a row not renumbered yet.
		_, err = tx.ExecContext(ctx, `
			UPDATE outbox SET seq = -r.n, epoch = ?
			FROM (SELECT seq, ROW_NUMBER() OVER (ORDER BY seq) AS n FROM outbox) AS r
			WHERE outbox.seq = r.seq`, epoch)
		if err != nil {
			return fmt.Errorf("renumber: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET seq = -seq`); err != nil {
			return fmt.Errorf("renumber: %w", err)
		}

		// The new epoch starts where its moved events end.
		_, err = tx.ExecContext(ctx, `
			UPDATE sync_state
			SET epoch = ?, last_seq = (SELECT COUNT(*) FROM outbox), last_confirmed_seq = 0,
			    restored = 0
			WHERE id = 1`, epoch)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("start new epoch: %w", err)
	}
	db.epoch.Store(&epoch)
	return epoch, nil
}
