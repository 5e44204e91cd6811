package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// incoming is one event of a batch, with its content hash, or an event
// read back from the log to be projected.
type incoming struct {
	key     eventKey
	event   *syncproto.Event
	subject string
	data    []byte // the message as received
	hash    []byte

	decoded   *decodedEvent // the payload, once read
	decodeErr error
}

// payload returns the event's payload, read now if it was not yet.
func (inc *incoming) payload() (*decodedEvent, error) {
	if inc.decoded == nil && inc.decodeErr == nil {
		inc.decoded, inc.decodeErr = decodePayload(inc.event)
	}
	return inc.decoded, inc.decodeErr
}

// decodeAll reads the payloads of events in a goroutine of its own and
// returns what to wait for before using them.
func decodeAll(events []*incoming) *sync.WaitGroup {
	events = slices.Clone(events) // the caller goes on filtering its slice
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, inc := range events {
			_, _ = inc.payload()
		}
	})
	return &wg
}

// receive sorts one received message: an event that passes the envelope
// checks is kept for the log, anything else is refused.
func (in *ingest) receive(r *central.Received) {
	if err := checkReceived(r); err != nil {
		d := deadLetter{pizzeria: r.Pizzeria, subject: r.Subject, code: syncproto.ErrorCode(err),
			reason: err.Error(), data: r.Data}
		if r.Event != nil {
			d.epoch, d.seq = r.Event.Epoch, r.Event.Seq
			if len(d.data) == 0 {
				d.data = encodeEvent(r.Event)
			}
		}
		in.refuse(d)
		return
	}
	e := r.Event
	in.received = append(in.received, &incoming{
		key:     eventKey{epochKey{e.Pizzeria, e.Epoch}, e.Seq},
		event:   e,
		subject: r.Subject,
		data:    r.Data,
		hash:    eventHash(e),
	})
}

// checkReceived checks a message again, whatever decoded it: an envelope
// from the pizzeria of its subject, with the fields that syncproto's
// Validate checks and ids that PostgreSQL can store. Whether the payload
// is JSON is left to its decoding when the event is projected, which
// refuses the event then; the codes are those of syncproto.DecodeEvent.
func checkReceived(r *central.Received) error {
	e := r.Event
	switch {
	case r.Err != nil:
		return r.Err
	case e == nil:
		return &syncproto.Error{Code: syncproto.CodeMalformed, Message: "no event"}
	}
	known, typeKnown := syncproto.SchemaVersions[e.Type]
	invalid := func(format string, args ...any) error {
		return &syncproto.Error{Code: syncproto.CodeInvalid, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case e.Pizzeria != r.Pizzeria:
		return &syncproto.Error{Code: syncproto.CodePizzeriaMismatch,
			Message: fmt.Sprintf("event of %q on the subject of %q", e.Pizzeria, r.Pizzeria)}
	case !syncproto.ValidPizzeriaID(e.Pizzeria):
		return invalid("bad pizzeria id %q", e.Pizzeria)
	case e.Type == "":
		return invalid("missing type")
	case !typeKnown:
		return &syncproto.Error{Code: syncproto.CodeUnknownType,
			Message: fmt.Sprintf("unknown type %q", e.Type)}
	case e.SchemaVersion > known:
		return &syncproto.Error{Code: syncproto.CodeUnsupportedVersion,
			Message: fmt.Sprintf("%s schema version %d above %d", e.Type, e.SchemaVersion, known)}
	case e.SchemaVersion < 1:
		return invalid("%s schema version %d below 1", e.Type, e.SchemaVersion)
	case !validIdent(e.ID) || !validIdent(e.Epoch):
		return invalid("event id or epoch empty, over %d bytes or not text", maxIdentLen)
	case e.Seq < 1:
		return invalid("sequence %d below 1", e.Seq)
	case e.OccurredAt.IsZero():
		return invalid("missing time")
	case len(e.Payload) == 0:
		return invalid("missing payload")
	}
	return nil
}

// eventHash is the hash of an event's content: everything but its key.
// Each part is prefixed with its length so that parts cannot run into
// each other.
func eventHash(e *syncproto.Event) []byte {
	h := sha256.New()
	parts := [][]byte{
		[]byte(e.ID),
		[]byte(e.Type),
		strconv.AppendInt(nil, int64(e.SchemaVersion), 10),
		[]byte(e.OccurredAt.UTC().Format(time.RFC3339Nano)),
		e.Payload,
	}
	for _, p := range parts {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(p))))
		h.Write(p)
	}
	return h.Sum(nil)
}

// epochKeys returns the epochs of the received events.
func (in *ingest) epochKeys() []epochKey {
	seen := map[epochKey]bool{}
	var keys []epochKey
	for _, inc := range in.received {
		if !seen[inc.key.epochKey] {
			seen[inc.key.epochKey] = true
			keys = append(keys, inc.key.epochKey)
		}
	}
	return keys
}

// refuseUnregistered dead-letters the events of the pizzerias that have no
// cursor, because head office has not registered them.
func (in *ingest) refuseUnregistered(cursors []*cursor) {
	registered := map[string]bool{}
	for _, c := range cursors {
		registered[c.pizzeria] = true
	}
	kept := in.received[:0]
	for _, inc := range in.received {
		if registered[inc.key.pizzeria] {
			kept = append(kept, inc)
			continue
		}
		in.refuse(deadLetter{pizzeria: inc.key.pizzeria, subject: inc.subject,
			code: syncproto.CodeUnknownPizzeria, reason: "pizzeria not registered at head office",
			epoch: inc.key.epoch, seq: inc.key.seq, data: inc.data})
	}
	in.received = kept
}

// store adds the new events to the raw log and compares the others with
// what the log holds under their key.
func (in *ingest) store(ctx context.Context, tx pgx.Tx, cursors []*cursor) error {
	byKey := make(map[epochKey]*cursor, len(cursors))
	for _, c := range cursors {
		byKey[c.epochKey] = c
	}

	// An event above the highest sequence of its epoch in the log is new:
	// the epoch's cursor is locked, and only the holder of that lock adds
	// to the log. Those are copied in, the fastest way; any other is
	// inserted if its key is free, and compared if not. The first event
	// of a key in the batch is the one stored.
	var copied, inserted, known []*incoming
	seen := make(map[eventKey]bool, len(in.received))
	for _, inc := range in.received {
		switch {
		case seen[inc.key]:
			known = append(known, inc)
		case inc.key.seq > byKey[inc.key.epochKey].logMax:
			copied = append(copied, inc)
		default:
			inserted = append(inserted, inc)
		}
		seen[inc.key] = true
	}
	if err := copyEvents(ctx, tx, copied, in.now); err != nil {
		return err
	}
	stored, err := insertEvents(ctx, tx, inserted, in.now)
	if err != nil {
		return err
	}
	for _, inc := range copied {
		in.fresh[inc.key] = inc
	}
	for _, inc := range inserted {
		if stored[inc.key] {
			in.fresh[inc.key] = inc
		} else {
			known = append(known, inc)
		}
	}
	in.res.Stored = len(in.fresh)

	// The cursors know how far the log now goes.
	for k := range in.fresh {
		if c := byKey[k.epochKey]; k.seq > c.logMax {
			c.logMax = k.seq
		}
	}
	return in.compare(ctx, tx, known)
}

// eventColumns are the columns of the raw log, in the order of eventRow.
var eventColumns = []string{"pizzeria_id", "epoch", "seq", "id", "type", "schema_version",
	"occurred_at", "payload", "payload_hash", "received_at"}

// eventRow returns the row of an event in the log.
func eventRow(inc *incoming, now time.Time) []any {
	e := inc.event
	return []any{e.Pizzeria, e.Epoch, e.Seq, e.ID, e.Type, int32(e.SchemaVersion), e.OccurredAt,
		[]byte(e.Payload), inc.hash, now}
}

// copyEvents adds events to the log with COPY: their keys must be free.
func copyEvents(ctx context.Context, tx pgx.Tx, events []*incoming, now time.Time) error {
	if len(events) == 0 {
		return nil
	}
	row := func(i int) ([]any, error) { return eventRow(events[i], now), nil }
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"events"}, eventColumns,
		pgx.CopyFromSlice(len(events), row))
	if err != nil {
		return fmt.Errorf("store events: %w", err)
	}
	return nil
}

// insertEvents adds events to the log where their key is free and
// returns the keys it added.
func insertEvents(ctx context.Context, tx pgx.Tx, events []*incoming,
	now time.Time) (map[eventKey]bool, error) {
	if len(events) == 0 {
		return nil, nil
	}
	n := len(events)
	var (
		pizzerias = make([]string, n)
		epochs    = make([]string, n)
		seqs      = make([]int64, n)
		ids       = make([]string, n)
		types     = make([]string, n)
		versions  = make([]int32, n)
		times     = make([]time.Time, n)
		payloads  = make([][]byte, n)
		hashes    = make([][]byte, n)
	)
	for i, inc := range events {
		e := inc.event
		pizzerias[i], epochs[i], seqs[i], ids[i], types[i] = e.Pizzeria, e.Epoch, e.Seq, e.ID, e.Type
		versions[i], times[i] = int32(e.SchemaVersion), e.OccurredAt
		payloads[i], hashes[i] = e.Payload, inc.hash
	}
	rows, err := tx.Query(ctx, `
		INSERT INTO events (pizzeria_id, epoch, seq, id, type, schema_version, occurred_at,
			payload, payload_hash, received_at)
		SELECT u.*, $10 FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[],
			$6::integer[], $7::timestamptz[], $8::bytea[], $9::bytea[]) AS u
		ON CONFLICT DO NOTHING
		RETURNING pizzeria_id, epoch, seq`,
		pizzerias, epochs, seqs, ids, types, versions, times, payloads, hashes, now)
	if err != nil {
		return nil, fmt.Errorf("store events: %w", err)
	}
	stored := make(map[eventKey]bool, n)
	var k eventKey
	_, err = pgx.ForEachRow(rows, []any{&k.pizzeria, &k.epoch, &k.seq}, func() error {
		stored[k] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store events: %w", err)
	}
	return stored, nil
}
