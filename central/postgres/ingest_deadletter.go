package postgres

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/syncproto"
)

// deadLetter is a message or event refused with a stable code and the
// reason, kept with its data for ops to look at.
type deadLetter struct {
	pizzeria string // of the subject, or of the event
	subject  string
	code     string // a syncproto error code
	reason   string
	epoch    string // with seq, when the envelope was read
	seq      int64
	data     []byte
}

// refuse records a dead letter of the batch.
func (in *ingest) refuse(d deadLetter) {
	in.dead = append(in.dead, d)
	in.res.DeadLetters++
}

// refuseEvent dead-letters an event of the log whose payload cannot be
// projected: the cursor moves past it all the same.
func (in *ingest) refuseEvent(e *syncproto.Event, err error) {
	in.refuse(deadLetter{pizzeria: e.Pizzeria, subject: syncproto.UpSubject(e.Pizzeria),
		code: syncproto.CodeInvalid, reason: err.Error(), epoch: e.Epoch, seq: e.Seq,
		data: encodeEvent(e)})
}

// encodeEvent returns an event as it travels, or its bare payload when
// that is not JSON and the envelope cannot hold it.
func encodeEvent(e *syncproto.Event) []byte {
	data, err := syncproto.Encode(e)
	if err != nil {
		return e.Payload
	}
	return data
}

// insertDeadLetters records dead letters. The same message refused again
// for the same reason (a resend, a redelivery) counts in times on the row
// it already has.
func insertDeadLetters(ctx context.Context, tx pgx.Tx, dead []deadLetter, now time.Time) error {
	if len(dead) == 0 {
		return nil
	}

	// One row per message and code: ON CONFLICT DO UPDATE may not touch a
	// row twice in one statement.
	type key struct{ pizzeria, code, hash string }
	index := map[key]int{}
	var (
		pizzerias, subjects, codes, reasons, epochs []string
		seqs                                        []int64
		data, hashes                                [][]byte
		times                                       []int32
	)
	for _, d := range dead {
		pizzeria, code := clean(d.pizzeria, maxIdentLen), clean(d.code, maxIdentLen)
		sum := sha256.Sum256(d.data)
		k := key{pizzeria, code, string(sum[:])}
		if i, ok := index[k]; ok {
			times[i]++
			continue
		}
		index[k] = len(codes)
		pizzerias, subjects = append(pizzerias, pizzeria), append(subjects, clean(d.subject, 256))
		codes, reasons = append(codes, code), append(reasons, clean(d.reason, 1000))
		epochs, seqs = append(epochs, clean(d.epoch, maxIdentLen)), append(seqs, d.seq)
		data, hashes, times = append(data, d.data), append(hashes, sum[:]), append(times, 1)
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO dead_letters (pizzeria_id, subject, code, reason, epoch, seq, data, data_hash,
			times, received_at, last_received_at)
		SELECT nullif(u.pizzeria_id, ''), u.subject, u.code, u.reason, nullif(u.epoch, ''),
			nullif(u.seq, 0), coalesce(u.data, ''), u.data_hash, u.times, $10, $10
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
			$7::bytea[], $8::bytea[], $9::integer[])
			AS u (pizzeria_id, subject, code, reason, epoch, seq, data, data_hash, times)
		ON CONFLICT (coalesce(pizzeria_id, ''), code, data_hash) DO UPDATE
		SET times = dead_letters.times + excluded.times,
			last_received_at = excluded.last_received_at`,
		pizzerias, subjects, codes, reasons, epochs, seqs, data, hashes, times, now)
	if err != nil {
		return fmt.Errorf("record dead letters: %w", err)
	}
	return nil
}
