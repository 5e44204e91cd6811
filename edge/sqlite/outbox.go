package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// emit appends an event to the outbox in the current transaction. The
// sequence comes from sync_state, which only the single writer updates, so
// it has no gaps: a rolled-back change takes its number back with it.
func (tx *Tx) emit(ctx context.Context, eventType string, payload any) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("emit %s: %w", eventType, err)
	}
	var seq int64
	var epoch string
	err = tx.QueryRowContext(ctx,
		`UPDATE sync_state SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, epoch`).
		Scan(&seq, &epoch)
	if err != nil {
		return fmt.Errorf("emit %s: next sequence: %w", eventType, err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO outbox (seq, id, pizzeria, epoch, type, schema_version, occurred_at, payload)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		seq, newID(), tx.db.Pizzeria, epoch, eventType,
		syncproto.SchemaVersions[eventType], tx.nowText(), body)
	if err != nil {
		return fmt.Errorf("emit %s: %w", eventType, err)
	}
	tx.emitted = true
	return nil
}

// FindOutboxEvents returns up to limit outbox events after seq, in order.
func (db *DB) FindOutboxEvents(ctx context.Context, afterSeq int64, limit int) ([]*syncproto.Event, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT seq, id, pizzeria, epoch, type, schema_version, occurred_at, payload
		FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("find outbox: %w", err)
	}
	defer rows.Close()

	var events []*syncproto.Event
	for rows.Next() {
		var e syncproto.Event
		var at, payload string
		err := rows.Scan(&e.Seq, &e.ID, &e.Pizzeria, &e.Epoch, &e.Type, &e.SchemaVersion, &at, &payload)
		if err != nil {
			return nil, fmt.Errorf("find outbox: %w", err)
		}
		e.OccurredAt = parseTime(at)
		e.Payload = json.RawMessage(payload)
		events = append(events, &e)
	}
	return events, rows.Err()
}

// SyncStatus implements edge.SyncService.
func (db *DB) SyncStatus(ctx context.Context) (*edge.SyncStatus, error) {
	s := edge.SyncStatus{Pizzeria: db.Pizzeria}
	var oldest *string
	err := db.read.QueryRowContext(ctx, `
		SELECT s.epoch, s.last_seq, s.last_confirmed_seq,
		       (SELECT occurred_at FROM outbox WHERE seq > s.last_confirmed_seq
		        ORDER BY seq LIMIT 1)
		FROM sync_state s WHERE s.id = 1`).
		Scan(&s.Epoch, &s.LastSeq, &s.LastConfirmedSeq, &oldest)
	if err != nil {
		return nil, fmt.Errorf("sync status: %w", err)
	}
	s.Backlog = s.LastSeq - s.LastConfirmedSeq
	if oldest != nil {
		t := parseTime(*oldest)
		s.OldestPendingAt = &t
	}
	return &s, nil
}
