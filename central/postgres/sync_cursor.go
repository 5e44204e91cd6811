package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// cursor is how far one (pizzeria, epoch) has been projected, locked for
// the batch that moves it.
type cursor struct {
	epochKey
	seq        int64     // every event up to seq has been projected
	logMax     int64     // the highest sequence of the epoch in the log
	eventID    string    // the id of the event at seq
	occurredAt time.Time // and its time on the edge
	moved      bool      // the batch projected events of this epoch
	logEnd     bool      // the log holds no event after the run being projected
}

// lockCursors locks the cursor row of each epoch of a registered
// pizzeria, creating those seen for the first time, and returns the
// cursors in key order. Locks are taken in that order, so that two
// batches touching the same epochs wait for each other instead of
// deadlocking, and so that no two batches project the same events.
func lockCursors(ctx context.Context, tx pgx.Tx, keys []epochKey, now time.Time) ([]*cursor, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	pizzerias, epochs := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		pizzerias[i], epochs[i] = k.pizzeria, k.epoch
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO epochs (pizzeria_id, epoch, first_seen_at, last_seen_at)
		SELECT u.pizzeria_id, u.epoch, $3, $3
		FROM unnest($1::text[], $2::text[]) AS u (pizzeria_id, epoch)
		JOIN pizzerias p ON p.id = u.pizzeria_id
		ORDER BY u.pizzeria_id, u.epoch
		ON CONFLICT (pizzeria_id, epoch) DO NOTHING`,
		pizzerias, epochs, now)
	if err != nil {
		return nil, fmt.Errorf("lock cursors: %w", err)
	}

	rows, err := tx.Query(ctx, `
		SELECT c.pizzeria_id, c.epoch, c.applied_seq, c.applied_event_id, c.applied_occurred_at
		FROM epochs c
		JOIN unnest($1::text[], $2::text[]) AS u (pizzeria_id, epoch)
			ON c.pizzeria_id = u.pizzeria_id AND c.epoch = u.epoch
		ORDER BY c.pizzeria_id, c.epoch
		FOR UPDATE OF c`,
		pizzerias, epochs)
	if err != nil {
		return nil, fmt.Errorf("lock cursors: %w", err)
	}
	var cursors []*cursor
	var c cursor
	var at *time.Time
	scan := []any{&c.pizzeria, &c.epoch, &c.seq, &c.eventID, &at}
	_, err = pgx.ForEachRow(rows, scan, func() error {
		locked := c
		if at != nil {
			locked.occurredAt = *at
		}
		cursors = append(cursors, &locked)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lock cursors: %w", err)
	}
	return cursors, findLogEnds(ctx, tx, cursors)
}

// findLogEnds reads the highest sequence the log holds for each locked
// cursor's epoch. It must run after the locks are taken, in a statement
// of its own: the locking statement returns the latest cursor rows, but
// reads other tables as they were when it started, before the previous
// holder of a lock committed its events.
func findLogEnds(ctx context.Context, tx pgx.Tx, cursors []*cursor) error {
	if len(cursors) == 0 {
		return nil
	}
	pizzerias, epochs := make([]string, len(cursors)), make([]string, len(cursors))
	for i, c := range cursors {
		pizzerias[i], epochs[i] = c.pizzeria, c.epoch
	}
	rows, err := tx.Query(ctx, `
		SELECT (SELECT coalesce(max(e.seq), 0) FROM events e
			WHERE e.pizzeria_id = u.pizzeria_id AND e.epoch = u.epoch)
		FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u (pizzeria_id, epoch, n)
		ORDER BY u.n`,
		pizzerias, epochs)
	if err != nil {
		return fmt.Errorf("find log ends: %w", err)
	}
	ends, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("find log ends: %w", err)
	}
	for i, c := range cursors {
		c.logMax = ends[i]
	}
	return nil
}

// saveCursors writes the cursors back: the epochs were seen now, and
// those that moved were applied now.
func saveCursors(ctx context.Context, tx pgx.Tx, cursors []*cursor, now time.Time) error {
	if len(cursors) == 0 {
		return nil
	}
	n := len(cursors)
	var (
		pizzerias = make([]string, n)
		epochs    = make([]string, n)
		seqs      = make([]int64, n)
		ids       = make([]string, n)
		times     = make([]time.Time, n)
		moved     = make([]bool, n)
	)
	for i, c := range cursors {
		pizzerias[i], epochs[i], seqs[i], ids[i] = c.pizzeria, c.epoch, c.seq, c.eventID
		times[i], moved[i] = c.occurredAt, c.moved
	}
	_, err := tx.Exec(ctx, `
		UPDATE epochs c SET
			applied_seq = u.seq,
			applied_event_id = u.event_id,
			applied_occurred_at = CASE WHEN u.moved THEN u.occurred_at
				ELSE c.applied_occurred_at END,
			last_applied_at = CASE WHEN u.moved THEN $7 ELSE c.last_applied_at END,
			last_seen_at = $7
		FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[],
			$6::boolean[])
			AS u (pizzeria_id, epoch, seq, event_id, occurred_at, moved)
		WHERE c.pizzeria_id = u.pizzeria_id AND c.epoch = u.epoch`,
		pizzerias, epochs, seqs, ids, times, moved, now)
	if err != nil {
		return fmt.Errorf("save cursors: %w", err)
	}
	return nil
}

// Cursor implements central.SyncService. It records the epoch of the
// hello, so that the console shows a new epoch as soon as a restored
// pizzeria says hello, and answers with the cursor of that epoch: 0 for
// an epoch central has no event of. A pizzeria that is not registered, or
// a hello that does not validate, is answered with a Cursor carrying the
// protocol error; the error returned is for database failures only.
func (db *DB) Cursor(ctx context.Context, hello *syncproto.Hello) (*syncproto.Cursor, error) {
	cur := &syncproto.Cursor{Pizzeria: hello.Pizzeria, Epoch: hello.Epoch}
	if err := hello.Validate(); err != nil {
		cur.Error = protocolError(err)
		return cur, nil
	}
	if !validText(hello.Epoch) {
		cur.Error = &syncproto.Error{Code: syncproto.CodeInvalid, Message: "epoch is not text"}
		return cur, nil
	}

	// The upsert waits for a batch that holds the cursor, and so answers
	// with what that batch committed.
	now := db.Now().UTC()
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO epochs (pizzeria_id, epoch, first_seen_at, last_seen_at)
		SELECT id, $2, $3, $3 FROM pizzerias WHERE id = $1
		ON CONFLICT (pizzeria_id, epoch) DO UPDATE SET last_seen_at = excluded.last_seen_at
		RETURNING applied_seq, applied_event_id`,
		hello.Pizzeria, hello.Epoch, now).Scan(&cur.AppliedSeq, &cur.AppliedEventID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		cur.Error = &syncproto.Error{Code: syncproto.CodeUnknownPizzeria,
			Message: fmt.Sprintf("pizzeria %q is not registered at head office", hello.Pizzeria)}
		return cur, nil
	case err != nil:
		return nil, fmt.Errorf("cursor: %w", err)
	}
	cur.Behind = cur.AppliedSeq > hello.LastSeq
	return cur, nil
}

// protocolError returns the protocol error in err's chain, or one with
// the invalid code.
func protocolError(err error) *syncproto.Error {
	var e *syncproto.Error
	if errors.As(err, &e) {
		return e
	}
	return &syncproto.Error{Code: syncproto.CodeInvalid, Message: err.Error()}
}

// RecordHeartbeat implements central.SyncService. A heartbeat older than
// the one stored (they travel on core NATS, in any order) changes nothing.
// Returns EINVALID for a heartbeat that does not validate and ENOTFOUND
// for a pizzeria that is not registered.
func (db *DB) RecordHeartbeat(ctx context.Context, beat *syncproto.Heartbeat) error {
	if err := beat.Validate(); err != nil {
		return central.Errorf(central.EINVALID, "heartbeat: %v", err)
	}
	if !validIdent(beat.Epoch) {
		return central.Errorf(central.EINVALID, "heartbeat: bad epoch")
	}
	tag, err := db.Pool.Exec(ctx, `
		INSERT INTO heartbeats (pizzeria_id, epoch, last_seq, backlog, oldest_pending_at, sent_at,
			received_at)
		SELECT id, $2, $3, $4, $5, $6, $7 FROM pizzerias WHERE id = $1
		ON CONFLICT (pizzeria_id) DO UPDATE SET
			epoch = excluded.epoch, last_seq = excluded.last_seq, backlog = excluded.backlog,
			oldest_pending_at = excluded.oldest_pending_at, sent_at = excluded.sent_at,
			received_at = excluded.received_at
		WHERE heartbeats.sent_at <= excluded.sent_at`,
		beat.Pizzeria, beat.Epoch, beat.LastSeq, beat.Backlog, beat.OldestPendingAt, beat.SentAt,
		db.Now().UTC())
	if err != nil {
		return fmt.Errorf("record heartbeat: %w", err)
	}
	if tag.RowsAffected() > 0 {
		return nil
	}

	// Nothing written: an older heartbeat, or a pizzeria unknown here.
	var known bool
	err = db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pizzerias WHERE id = $1)`,
		beat.Pizzeria).Scan(&known)
	switch {
	case err != nil:
		return fmt.Errorf("record heartbeat: %w", err)
	case !known:
		return central.Errorm(central.ENOTFOUND, central.MsgUnknownPizzeria, beat.Pizzeria)
	}
	return nil
}
