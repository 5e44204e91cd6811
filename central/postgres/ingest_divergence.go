package postgres

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// loggedEvent is what the log holds under a key.
type loggedEvent struct {
	id   string
	hash []byte
}

// compare counts the events already in the log as duplicates, or records
// them as divergences when their content differs.
func (in *ingest) compare(ctx context.Context, tx pgx.Tx, known []*incoming) error {
	if len(known) == 0 {
		return nil
	}
	logged, err := findLogged(ctx, tx, known)
	if err != nil {
		return err
	}
	var diverged []divergence
	for _, inc := range known {
		l, ok := logged[inc.key]
		if !ok {
			return fmt.Errorf("compare events: %s:%s:%d not in the log",
				inc.key.pizzeria, inc.key.epoch, inc.key.seq)
		}
		if bytes.Equal(l.hash, inc.hash) {
			in.res.Duplicates++
			continue
		}
		in.res.Divergences++
		diverged = append(diverged, divergence{incoming: inc, stored: l})
	}
	return insertDivergences(ctx, tx, diverged, in.now)
}

// findLogged reads the id and hash the log holds under the keys of events.
func findLogged(ctx context.Context, tx pgx.Tx,
	events []*incoming) (map[eventKey]loggedEvent, error) {
	n := len(events)
	pizzerias, epochs, seqs := make([]string, n), make([]string, n), make([]int64, n)
	for i, inc := range events {
		pizzerias[i], epochs[i], seqs[i] = inc.key.pizzeria, inc.key.epoch, inc.key.seq
	}
	rows, err := tx.Query(ctx, `
		SELECT e.pizzeria_id, e.epoch, e.seq, e.id, e.payload_hash
		FROM events e
		JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS u (pizzeria_id, epoch, seq)
			ON e.pizzeria_id = u.pizzeria_id AND e.epoch = u.epoch AND e.seq = u.seq`,
		pizzerias, epochs, seqs)
	if err != nil {
		return nil, fmt.Errorf("find logged events: %w", err)
	}
	logged := map[eventKey]loggedEvent{}
	var k eventKey
	var l loggedEvent
	scan := []any{&k.pizzeria, &k.epoch, &k.seq, &l.id, &l.hash}
	_, err = pgx.ForEachRow(rows, scan, func() error {
		logged[k] = l
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find logged events: %w", err)
	}
	return logged, nil
}

// divergence is an event whose key the log holds with other content.
type divergence struct {
	*incoming
	stored loggedEvent
}

// insertDivergences records divergences, once per distinct content.
func insertDivergences(ctx context.Context, tx pgx.Tx, diverged []divergence, now time.Time) error {
	if len(diverged) == 0 {
		return nil
	}
	n := len(diverged)
	var (
		pizzerias      = make([]string, n)
		epochs         = make([]string, n)
		seqs           = make([]int64, n)
		storedIDs      = make([]string, n)
		storedHashes   = make([][]byte, n)
		receivedIDs    = make([]string, n)
		receivedHashes = make([][]byte, n)
		data           = make([][]byte, n)
	)
	for i, d := range diverged {
		pizzerias[i], epochs[i], seqs[i] = d.key.pizzeria, d.key.epoch, d.key.seq
		storedIDs[i], storedHashes[i] = d.stored.id, d.stored.hash
		receivedIDs[i], receivedHashes[i], data[i] = d.event.ID, d.hash, d.data
		if len(data[i]) == 0 {
			data[i] = encodeEvent(d.event)
		}
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO divergences (pizzeria_id, epoch, seq, stored_event_id, stored_hash,
			received_event_id, received_hash, received_data, received_at)
		SELECT u.*, $9 FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bytea[],
			$6::text[], $7::bytea[], $8::bytea[]) AS u
		ON CONFLICT DO NOTHING`,
		pizzerias, epochs, seqs, storedIDs, storedHashes, receivedIDs, receivedHashes, data, now)
	if err != nil {
		return fmt.Errorf("record divergences: %w", err)
	}
	return nil
}
